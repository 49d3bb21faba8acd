from .types import Header


def parse_header(text, norm):
    return Header()
