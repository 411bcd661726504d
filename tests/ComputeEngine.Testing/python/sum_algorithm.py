def compute(log, input_data):
    return sum(input_data)
