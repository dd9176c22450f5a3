"""The voting methods, one module each, and the registry the rest of the code asks.

A method is a subclass of ``base.Method`` that checks a ballot, reads it from a form and
from a paper cell, says what one ballot adds to the totals and reads the result off them,
gives the result as bars and a ballot as plain text, makes the demo's ballots and the
OpenAPI schema of a choice, and names itself. ``register`` makes it known; nothing else in
the code names a method. Pages look for the method's templates in
``templates/voting/<key>/`` and fall back to ``templates/voting/any/``.
"""

from __future__ import annotations

from vizlou.errors import N_, InvalidInput
from vizlou.services.voting.methods.base import Method

REGISTRY: dict[str, Method] = {}


def register(method: Method) -> Method:
    REGISTRY[method.key] = method
    return method


def unregister(key: str) -> None:
    REGISTRY.pop(key, None)


def get(key: str) -> Method:
    """The method ``key``; InvalidInput (naming the methods there are) for any other."""
    method = REGISTRY.get(key)
    if method is None:
        raise InvalidInput(N_("The method must be one of: %(methods)s."), field="method",
                           methods=", ".join(REGISTRY))
    return method


def keys() -> tuple[str, ...]:
    return tuple(REGISTRY)


def of(question) -> Method:
    return get(question.method)


def _register_shipped() -> None:
    from vizlou.services.voting.methods.approval import Approval
    from vizlou.services.voting.methods.budget import Budget
    from vizlou.services.voting.methods.pairwise import Pairwise
    from vizlou.services.voting.methods.ranked import Ranked
    from vizlou.services.voting.methods.single import Single

    for method in (Single(), Approval(), Ranked(), Budget(), Pairwise()):
        register(method)


_register_shipped()
