"""The server's VAPID key pair (RFC 8292) that signs every push message: from
FLASK_VAPID_PRIVATE_KEY / FLASK_VAPID_PUBLIC_KEY, or generated once into
instance/vapid_private_key (mode 600) like the secret key, read lazily on first use."""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import current_app

FILE_NAME = "vapid_private_key"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class VapidKeys:
    private_key: str  # the 32-byte private value, base64url (what pywebpush reads)
    public_key: str  # the uncompressed P-256 point, base64url (the browser's applicationServerKey)
    subject: str  # mailto: or https: contact for push services


def generate_private_key() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    return b64url(key.private_numbers().private_value.to_bytes(32, "big"))


def public_key_for(private_key: str) -> str:
    raw = unb64url(private_key.strip())
    if len(raw) != 32:
        raise ValueError("VAPID_PRIVATE_KEY must be a base64url P-256 private key (32 bytes).")
    key = ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
    point = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(point)


def _instance_key(instance: Path) -> str:
    """Read instance/vapid_private_key, or create it. Several workers may start at once:
    the exclusive create makes one of them write it and the rest read the same key."""
    path = instance / FILE_NAME
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as out:
                out.write(generate_private_key())
    for _ in range(50):  # another worker may be between creating and writing the file
        text = path.read_text().strip()
        if text:
            return text
    raise RuntimeError(f"{path} is empty; delete it to generate a new VAPID key.")


def vapid_keys() -> VapidKeys:
    """The app's keys. A public key set without its private key, or one that does not match
    it, stops here with a message rather than failing in every browser later."""
    config = current_app.config
    private = config.get("VAPID_PRIVATE_KEY") or _instance_key(Path(current_app.instance_path))
    public = public_key_for(private)
    given = config.get("VAPID_PUBLIC_KEY")
    if given and given.strip().rstrip("=") != public:
        raise RuntimeError("VAPID_PUBLIC_KEY does not belong to VAPID_PRIVATE_KEY; set both from one pair.")
    return VapidKeys(private, public, config["VAPID_SUBJECT"])
