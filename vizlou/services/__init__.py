"""The domain: plain values in, plain values out. No request, no response, no commit."""
