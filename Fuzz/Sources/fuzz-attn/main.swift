import FuzzDriver

FuzzDriver.run(target: "attn")
