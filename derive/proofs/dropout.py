"""stub."""
def spec(settings, digits=4):
    raise NotImplementedError
