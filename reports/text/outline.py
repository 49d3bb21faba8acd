def parse_outline(text, norm, body_start):
    return [], []
