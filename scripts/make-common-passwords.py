#!/usr/bin/env python3
"""Writes Sources/BackboneDomain/Resources/common-passwords.txt.

Passwords shorter than the 12-character minimum are refused anyway, so the list holds what
people reach for when told "at least 12": well-known weak words and keyboard runs, stretched
with the usual digits, years and symbols. Deterministic: the same file every run.
"""
import itertools, pathlib

bases = """password passw0rd p@ssword p@ssw0rd qwerty qwertyuiop asdfghjkl zxcvbnm
iloveyou letmein welcome admin administrator monkey dragon football baseball basketball
soccer hockey sunshine princess shadow superman batman starwars master michael jennifer
jessica charlie trustno1 whatever freedom hello hellothere secret changeme default
summer winter spring autumn january february december christmas computer internet
abc123 abcdef abcdefgh qazwsx 1q2w3e4r 1qaz2wsx zaq12wsx mustang harley ranger
jordan buster tigger pepper ginger cookie chocolate butterfly flower lovely family
nonprofit backbone community partner impact collective initiative volunteer""".split()
suffixes = ["", "1", "12", "123", "1234", "12345", "123456", "!", "1!", "123!", "2023", "2024",
            "2025", "2026", "2027", "@123", "#1", "01", "007", "69", "99", "00"]
keyboard = ["1234567890", "123456789012", "1234567890123", "12345678910", "098765432109",
            "111111111111", "000000000000", "123123123123", "121212121212", "qwertyuiop[]",
            "1q2w3e4r5t6y", "1qaz2wsx3edc", "qwerty123456", "qwertyqwerty", "asdfasdfasdf",
            "aaaaaaaaaaaa", "abcabcabcabc", "abcdefghijkl", "iloveyouiloveyou", "passwordpassword",
            "letmeinletmein", "zaq1xsw2cde3", "!qaz@wsx#edc", "1234qwerasdf", "qwer1234asdf",
            "123qweasdzxc", "qweasdzxc123"]

words = set()
for base, suffix in itertools.product(bases, suffixes):
    for b in {base, base.capitalize()}:
        words.add((b + suffix).lower())
        words.add((b + b + suffix).lower())
words.update(keyword.lower() for keyword in keyboard)
long_enough = sorted(w for w in words if len(w) >= 12)
out = pathlib.Path(__file__).resolve().parent.parent / "Sources/BackboneDomain/Resources/common-passwords.txt"
out.write_text("\n".join(long_enough) + "\n")
print(f"{len(long_enough)} passwords written to {out}")
