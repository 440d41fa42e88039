"""Text for LaTeX: a title written in Unicode (σ, ×, ≤, →, ², …) as pdflatex reads it.

pdflatex's UTF-8 input covers Latin letters, dashes and quotes but not Greek or mathematical
symbols (``! LaTeX Error: Unicode character σ (U+03C3) not set up for use with LaTeX``), so the
Beamer snippets write those as math, and escape LaTeX's special characters.
"""

from __future__ import annotations

import unicodedata

__all__ = ["to_latex"]

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}

_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu",
    "ξ": "xi", "π": "pi", "ρ": "rho", "σ": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi",
    "χ": "chi", "ψ": "psi", "ω": "omega", "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta",
    "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
    "ϕ": "varphi", "ϵ": "varepsilon",
}  # fmt: skip

_MATH = {
    "×": r"\times", "·": r"\cdot", "−": "-", "±": r"\pm", "≤": r"\leq", "≥": r"\geq",
    "≠": r"\neq", "≈": r"\approx", "∼": r"\sim", "→": r"\to", "←": r"\leftarrow",
    "↔": r"\leftrightarrow", "⇒": r"\Rightarrow", "∞": r"\infty", "∂": r"\partial",
    "∇": r"\nabla", "∑": r"\sum", "∏": r"\prod", "√": r"\surd", "∈": r"\in", "⊙": r"\odot",
    "′": r"\prime", "ℓ": r"\ell", "°": r"^\circ", "…": r"\ldots", "⋯": r"\cdots",
}  # fmt: skip

_SUPER = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ⁿ", "0123456789+-n", strict=True))
_SUB = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋ₗₙₜ", "0123456789+-lnt", strict=True))

# Beyond ASCII, what pdflatex's default UTF-8 input (T1 fonts) sets as text.
_TEXT = {"–": "--", "—": "---", "‘": "`", "’": "'", "“": "``", "”": "''", "\u00a0": "~"}


def _math(ch: str) -> str | None:
    if ch in _GREEK:
        return "\\" + _GREEK[ch]
    if ch in _MATH:
        return _MATH[ch]
    if ch in _SUPER:
        return "^{" + _SUPER[ch] + "}"
    if ch in _SUB:
        return "_{" + _SUB[ch] + "}"
    return None


def to_latex(text: str) -> str:
    """``text`` as LaTeX source that pdflatex sets with its defaults: special characters
    escaped, Greek letters and symbols as inline math (runs of them in one ``$…$``), accented
    Latin letters kept (pdflatex reads UTF-8), and any other character by its Unicode name."""
    out: list[str] = []
    math: list[str] = []

    def flush() -> None:
        if math:
            out.append("$" + " ".join(math) + "$" if len(math) > 1 else "$" + math[0] + "$")
            math.clear()

    for i, ch in enumerate(text):
        m = _math(ch)
        if m is not None:
            math.append(m)  # a lone sub/superscript ("x²" → x$^{2}$) is valid TeX
            continue
        if ch == " " and math and i + 1 < len(text) and _math(text[i + 1]) is not None:
            continue  # "σ ≤ 1": one math run
        flush()
        if ch in _SPECIAL:
            out.append(_SPECIAL[ch])
        elif ch in _TEXT:
            out.append(_TEXT[ch])
        elif ord(ch) < 128 or unicodedata.category(ch).startswith("L") and ord(ch) < 0x250:
            out.append(ch)  # ASCII and Latin letters (é, ü, ø, ...)
        else:
            out.append("[" + unicodedata.name(ch, f"U+{ord(ch):04X}").lower() + "]")
    flush()
    return "".join(out)
