"""The platform-free chat core: plain incoming messages in, plain replies out."""
