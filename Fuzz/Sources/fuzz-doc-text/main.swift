import FuzzDriver

FuzzDriver.run(target: "doc-text")
