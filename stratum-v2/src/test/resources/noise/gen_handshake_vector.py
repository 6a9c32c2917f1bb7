#!/usr/bin/env python3
"""Writes handshake_vector.csv: one Noise_NX_Secp256k1+EllSwift_ChaChaPoly_SHA256 handshake and two
transport frames, computed from sv2-spec 04-Protocol-Security.md with the BIP reference code as the
crypto (ElligatorSwift, x-only ECDH, tagged hash, HKDF and ChaCha20-Poly1305 from
bitcoin/bips bip-0324/reference.py; BIP340 signing from bip-0340/reference.py), independently of
the Java implementation it checks.

Usage: python3 gen_handshake_vector.py BIPS_DIR > handshake_vector.csv
  BIPS_DIR: a checkout of https://github.com/bitcoin/bips (commit 7fe0b034ec96 was used).
Keys: the ephemeral and static keys are (in_priv_ours, in_ellswift_ours) of the first three data rows (in_idx 1, 999, 0) of
bip-0324/packet_encoding_test_vectors.csv; the authority key and aux_rand are BIP340 vector 1's.
"""
import csv
import hashlib
import importlib.util
import os
import sys


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bips = sys.argv[1]
b324 = load("bip324", os.path.join(bips, "bip-0324", "reference.py"))
b340 = load("bip340", os.path.join(bips, "bip-0340", "reference.py"))

with open(os.path.join(bips, "bip-0324", "packet_encoding_test_vectors.csv")) as f:
    rows = list(csv.DictReader(f))
with open(os.path.join(bips, "bip-0340", "test-vectors.csv")) as f:
    sig_rows = list(csv.DictReader(f))

def key(row):
    return bytes.fromhex(row["in_priv_ours"]), bytes.fromhex(row["in_ellswift_ours"])

e_i_sk, e_i = key(rows[0])
e_r_sk, e_r = key(rows[1])
s_r_sk, s_r = key(rows[2])
auth_sk = bytes.fromhex(sig_rows[1]["secret key"])
aux = bytes.fromhex(sig_rows[1]["aux_rand"])
version, valid_from, not_valid_after = 0, 1764633600, 1796169600


def sha256(*parts):
    return hashlib.sha256(b"".join(parts)).digest()


def hkdf2(ck, ikm):
    out = b324.hkdf_sha256(64, ikm, ck, b"")
    return out[:32], out[32:]


def nonce(n):
    return bytes(4) + n.to_bytes(8, "little")


def v2_ecdh(sk, theirs, ours, initiating):
    x = b324.ellswift_ecdh_xonly(theirs, sk)
    first, second = (ours, theirs) if initiating else (theirs, ours)
    return b324.TaggedHash("bip324_ellswift_xonly_ecdh", first + second + x)


# Responder side, step by step as section 4.5 lists it.
h = sha256(b"Noise_NX_Secp256k1+EllSwift_ChaChaPoly_SHA256")
ck = h
h = sha256(h)
h = sha256(h, e_i)          # MixHash(re)
h = sha256(h, b"")          # DecryptAndHash(empty) with empty k
h = sha256(h, e_r)          # MixHash(e)
ck, k = hkdf2(ck, v2_ecdh(e_r_sk, e_i, e_r, False))
c_static = b324.aead_chacha20_poly1305_encrypt(k, nonce(0), h, s_r)
h = sha256(h, c_static)
ck, k = hkdf2(ck, v2_ecdh(s_r_sk, e_i, s_r, False))
server_x = b324.ellswift_decode(s_r)
assert server_x == b340.pubkey_gen(s_r_sk)
fields = version.to_bytes(2, "little") + valid_from.to_bytes(4, "little") + not_valid_after.to_bytes(4, "little")
signature = b340.schnorr_sign(sha256(fields, server_x), auth_sk, aux)
certificate = fields + signature
c_cert = b324.aead_chacha20_poly1305_encrypt(k, nonce(0), h, certificate)
h = sha256(h, c_cert)
k1, k2 = hkdf2(ck, b"")
act2 = e_r + c_static + c_cert
assert len(act2) == 234

# Transport: SubmitSharesStandard up (channel_msg set), SetTarget down.
up_payload = bytes.fromhex("01000000" "02000000" "03000000" "efbeadde" "00aa5665" "00000020")
up_header = bytes.fromhex("00801a") + len(up_payload).to_bytes(3, "little")
up = (b324.aead_chacha20_poly1305_encrypt(k1, nonce(0), b"", up_header)
      + b324.aead_chacha20_poly1305_encrypt(k1, nonce(1), b"", up_payload))
down_payload = bytes.fromhex("01000000") + bytes.fromhex("ff" * 28 + "00" * 4)
down_header = bytes.fromhex("008021") + len(down_payload).to_bytes(3, "little")
down = (b324.aead_chacha20_poly1305_encrypt(k2, nonce(0), b"", down_header)
        + b324.aead_chacha20_poly1305_encrypt(k2, nonce(1), b"", down_payload))

out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["name", "hex"])
for name, value in [
        ("initiator_ephemeral_secret", e_i_sk), ("initiator_ephemeral_ellswift", e_i),
        ("responder_ephemeral_secret", e_r_sk), ("responder_ephemeral_ellswift", e_r),
        ("responder_static_secret", s_r_sk), ("responder_static_ellswift", s_r),
        ("authority_secret", auth_sk), ("certificate_aux_rand", aux),
        ("certificate", certificate), ("act2", act2), ("handshake_hash", h),
        ("initiator_to_responder_key", k1), ("responder_to_initiator_key", k2),
        ("up_frame_plain", up_header + up_payload), ("up_frame_encrypted", up),
        ("down_frame_plain", down_header + down_payload), ("down_frame_encrypted", down)]:
    out.writerow([name, value.hex()])
