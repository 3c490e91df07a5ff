import FuzzDriver

FuzzDriver.run(target: "doc-markdown")
