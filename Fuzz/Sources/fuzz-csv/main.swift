import FuzzDriver

FuzzDriver.run(target: "csv")
