import FuzzDriver

FuzzDriver.run(target: "claim")
