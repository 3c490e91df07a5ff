print("attn-bench")
