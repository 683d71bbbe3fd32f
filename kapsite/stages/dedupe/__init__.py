"""stages/dedupe"""
