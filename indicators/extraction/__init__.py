def extract_indicators(doc):
    return []
