import FuzzDriver

FuzzDriver.run(target: "doc-attn")
