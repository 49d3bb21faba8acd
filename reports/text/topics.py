def assign(doc, indicators):
    return []
