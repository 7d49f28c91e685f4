"""Benchmarks at scale: synthetic data files, load and cache, figures, reruns, the browser.

python -m bench            everything (1k, 10k, 100k events, the browser); writes bench/results.md
python -m bench --quick    1k and 10k only, no browser
python -m bench.generate   only write the synthetic files (bench/out/)
"""
