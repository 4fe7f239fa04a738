"""Kernel configuration for running notebooks headless (``casekit report``, the main job).

Over the default TCP transport ipykernel (>= 7) logs "Kernel is running over TCP without
encryption ..." to stderr at every start and recommends IPC transport. ``transport`` and ``ip``
are documented options of jupyter_client's ``KernelManager`` (``ConnectionFileMixin``:
``transport`` is ``'tcp'`` or ``'ipc'``; for ``'ipc'`` ``ip`` is the path prefix of the socket
files); nbclient (and papermill, through it) passes this config to the kernel manager it
creates. The prefix must be absolute: the default ``kernel-ipc`` is relative, and the kernel
may run in another folder than the client, so the two would never meet. Windows has no IPC
transport: TCP is kept there.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from traitlets.config import Config


def ipc_kernel_config(socket_dir: Path) -> Config:
    """A traitlets ``Config`` selecting IPC transport with sockets in ``socket_dir``."""
    from traitlets.config import Config

    cfg = Config()
    if os.name == "posix":
        cfg.KernelManager.transport = "ipc"
        cfg.KernelManager.ip = str(Path(socket_dir).resolve() / "kernel")
    return cfg
