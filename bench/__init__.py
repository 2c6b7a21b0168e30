"""newsqa benchmarks: every figure printed beside a floor measured in the same run, and their ratio.

Run ``python -m bench`` (or ``newsqa bench``); ``--help`` lists the parts and their options.
Benchmarks print figures; tests check correctness and never time anything. The package imports
nothing at its top, so ``newsqa --help`` stays instant.
"""
