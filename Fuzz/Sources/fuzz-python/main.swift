import FuzzDriver

FuzzDriver.run(target: "python")
