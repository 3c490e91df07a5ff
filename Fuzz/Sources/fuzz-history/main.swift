import FuzzDriver

FuzzDriver.run(target: "history")
