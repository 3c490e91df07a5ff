import FuzzDriver

FuzzDriver.run(target: "doc-notebook")
