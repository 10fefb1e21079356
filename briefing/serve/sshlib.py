"""asyncssh, imported once and quietly: every module of ours takes it from here.

asyncssh still names DSA key types, and cryptography 47 and later warn of each use with a
``CryptographyDeprecationWarning`` as asyncssh's modules are imported (five blocks, ten
lines on standard error). That is the library talking to its own maintainers, not to a
person starting a server, so those warnings are ignored here, where they are raised: only
that category, only from asyncssh's own modules, only while it is imported. Any other
warning, ours included, still shows.

``SSHPacket`` is not part of asyncssh's documented API; it is named here only to type the
one handler the server has to replace (see ``session._bound_environment_requests``).

Raises ``ModuleNotFoundError`` when the ``ssh`` extra is not installed.
"""

from __future__ import annotations

import warnings

from cryptography.utils import CryptographyDeprecationWarning

with warnings.catch_warnings():
    warnings.filterwarnings(
        "ignore", category=CryptographyDeprecationWarning, module=r"asyncssh(\.|$)"
    )
    import asyncssh as asyncssh
    from asyncssh.encryption import get_encryption_algs as get_encryption_algs
    from asyncssh.kex import get_kex_algs as get_kex_algs
    from asyncssh.mac import get_mac_algs as get_mac_algs
    from asyncssh.packet import SSHPacket as SSHPacket
    from asyncssh.public_key import get_public_key_algs as get_public_key_algs

__all__ = [
    "SSHPacket",
    "asyncssh",
    "get_encryption_algs",
    "get_kex_algs",
    "get_mac_algs",
    "get_public_key_algs",
]
