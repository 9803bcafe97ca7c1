"""Writes data/jax_reference.json: jax's float64 Jacobian, Hessian and third derivative of
each random function of random_functions.py, for test_transforms.py to compare against.

Run with a Python that has jax (not a dependency of guiad):
    python -m venv /tmp/jaxvenv && /tmp/jaxvenv/bin/pip install jax jaxlib numpy
    /tmp/jaxvenv/bin/python tests/python/make_jax_reference.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jax

jax.config.update("jax_enable_x64", True)

import jax.numpy as jnp  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from random_functions import case  # noqa: E402

OPS = {
    "sin": jnp.sin,
    "cos": jnp.cos,
    "tanh": jnp.tanh,
    "sigmoid": jax.nn.sigmoid,
    "arctan": jnp.arctan,
    "softplus": jax.nn.softplus,
    "erf": jax.scipy.special.erf,
    "square": jnp.square,
    "exp": jnp.exp,
    "log1p": jnp.log1p,
    "sqrt": jnp.sqrt,
}


def jax_function(names, texts):
    """Our own generated texts as a jax function (a reference script's eval of its input)."""
    body = f"jnp.stack([{', '.join(texts)}])"
    return eval(f"lambda {', '.join(names)}: {body}", {"jnp": jnp, **OPS})  # noqa: S307


def main() -> None:
    found = {}
    for seed in range(48):
        names, texts, point = case(seed)
        f = jax_function(names, texts)
        args = tuple(jnp.float64(p) for p in point)
        argnums = tuple(range(len(names)))
        jac = jnp.array(jax.jacfwd(f, argnums=argnums)(*args)).T.tolist()
        first = jax_function(names, texts[:1])  # the first output alone, stacked as (1,)
        first = (lambda g: lambda *a: g(*a)[0])(first)
        hess = jnp.array(jax.hessian(first, argnums=argnums)(*args)).tolist()
        third = jax.grad(jax.grad(jax.grad(first)))(*args)
        found[str(seed)] = {
            "texts": list(texts),
            "jacobian": jac,
            "hessian": hess,
            "third": float(third),
        }
    out = Path(__file__).parent / "data" / "jax_reference.json"
    out.write_text(json.dumps(found, indent=1) + "\n")
    print(f"wrote {out} ({len(found)} functions, jax {jax.__version__})")


if __name__ == "__main__":
    main()
