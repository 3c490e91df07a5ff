import FuzzDriver

FuzzDriver.run(target: "npy")
