print("attn")
