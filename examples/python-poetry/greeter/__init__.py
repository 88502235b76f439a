"""A small HTTP service: GET /?name=ada answers {"message": "hello, Ada", ...} in JSON."""
