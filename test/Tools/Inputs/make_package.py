#!/usr/bin/env python3
"""Writes SpiNNaker 2 deployment packages for spnc-run's tests.

An implementation of docs/Package.md independent of the C++ runtime: the
header, the JSON manifest, the images and zlib's CRC-32. The io map comes
from each image's program descriptor (docs/BinaryContract.md), read here
from the ELF file.

usage: make_package.py PE_DIR KIND OUT [--break HOW]
  KIND   pingpong: the ping-pong pair of spinnaker2-target/tests (state input
                   a_prev, outputs a and b)
         faults:   the faults program alone (input mode, read once)
  HOW    magic, version, checksum, truncate, trailing, reserved-pe,
         missing-route-pe, io-address, abi (each breaks one thing)
"""
import argparse
import json
import os
import struct
import sys
import zlib

MAGIC = b"\x89S2PKG\r\n"
FORMAT_VERSION = 1
HEADER_BYTES = 32
ABI_VERSION = 1
SOURCE_MASK = 0xFFF80000
IO_ONCE = 1


def read_elf_memory(elf):
    """A function reading `size` bytes at a PE address of a linked image."""
    phoff, = struct.unpack_from("<I", elf, 28)
    phentsize, phnum = struct.unpack_from("<HH", elf, 42)
    segments = []
    for i in range(phnum):
        kind, offset, vaddr, _, filesz, _ = struct.unpack_from(
            "<IIIIII", elf, phoff + i * phentsize)
        if kind == 1:  # PT_LOAD
            segments.append((vaddr, offset, filesz))

    def read(address, size):
        for vaddr, offset, filesz in segments:
            if vaddr <= address and address + size <= vaddr + filesz:
                start = offset + address - vaddr
                return elf[start:start + size]
        sys.exit("address 0x%x is not in the image" % address)
    return read


def io_buffers(elf):
    """(is_input, tensor, offset, bytes, address, flags) of the descriptor."""
    read = read_elf_memory(elf)
    header = struct.unpack("<10I", read(0x100, 40))
    desc = struct.unpack("<14I", read(header[7], 56))
    buffers = []
    for is_input, count, table in ((True, desc[5], desc[6]),
                                   (False, desc[7], desc[8])):
        for i in range(count):
            buffers.append((is_input,) +
                           struct.unpack("<5I", read(table + 20 * i, 20)))
    return buffers


def pe_entry(pe_dir, program, pe, source, population):
    with open(os.path.join(pe_dir, program + ".elf"), "rb") as f:
        elf = f.read()
    return {"chip": 0, "pe": pe, "population": population, "units": [0, 1],
            "source": source, "key": source << 19, "mask": SOURCE_MASK,
            "dvfs": "PL4", "elf": elf}


def route(source, pes):
    return {"key": source << 19, "mask": SOURCE_MASK, "pes": pes, "links": 0}


def model(pe_dir, kind):
    if kind == "pingpong":
        return {
            "model": "pingpong",
            "inputs": [{"name": "a_prev", "dtype": "float32", "shape": [1],
                        "state_output": "a"}],
            "outputs": [{"name": "a", "dtype": "float32", "shape": [1]},
                        {"name": "b", "dtype": "float32", "shape": [1]}],
            "pes": [pe_entry(pe_dir, "spnc_pe_pingpong_a", "2.1.0", 1, "a"),
                    pe_entry(pe_dir, "spnc_pe_pingpong_b", "6.5.3", 2, "b")],
            "routing": [{"chip": 0, "uncompressed_entries": 2,
                         "routes": [route(1, ["6.5.3"]),
                                    route(2, ["2.1.0"])]}],
        }
    if kind == "faults":
        return {
            "model": "faults",
            "inputs": [{"name": "mode", "dtype": "uint32", "shape": [1],
                        "state_output": ""}],
            "outputs": [],
            "pes": [pe_entry(pe_dir, "spnc_pe_faults", "2.2.0", 1, "faults")],
            "routing": [],
        }
    sys.exit("unknown package kind '%s'" % kind)


def align(value):
    return (value + 7) // 8 * 8


def package(m, how):
    images = b""
    pes, io = [], []
    for index, pe in enumerate(m["pes"]):
        elf = pe.pop("elf")
        pe["elf_offset"] = len(images)
        pe["elf_bytes"] = len(elf)
        images += elf + bytes(align(len(elf)) - len(elf))
        pes.append(pe)
        for is_input, tensor, offset, size, address, flags in io_buffers(elf):
            io.append({"kind": "input" if is_input else "output", "pe": index,
                       "tensor": tensor, "offset": offset, "bytes": size,
                       "address": address, "flags": flags})
    manifest = {"abi_version": ABI_VERSION, "target": "spinnaker2",
                "system": "chip", "steps_in_flight": 1,
                "model": m["model"], "inputs": m["inputs"],
                "outputs": m["outputs"], "pes": pes, "routing": m["routing"],
                "io": io, "report": None}
    if how == "reserved-pe":
        pes[0]["pe"] = "1.1.0"
    elif how == "missing-route-pe":
        m["routing"][0]["routes"][0]["pes"] = ["5.5.1"]
    elif how == "io-address":
        io[0]["address"] += 4
    elif how == "abi":
        manifest["abi_version"] = ABI_VERSION + 1
    text = json.dumps(manifest, indent=1).encode()
    body = text + bytes(align(HEADER_BYTES + len(text)) - HEADER_BYTES -
                        len(text)) + images
    total = HEADER_BYTES + len(body)
    version = FORMAT_VERSION + (1 if how == "version" else 0)
    header = MAGIC + struct.pack("<IIQI", version, HEADER_BYTES, total,
                                 len(text))
    crc = zlib.crc32(body, zlib.crc32(header + bytes(4)))
    data = bytearray(header + struct.pack("<I", crc) + body)
    if how == "magic":
        data[1:4] = b"ELF"
    elif how == "checksum":
        data[len(data) // 2] ^= 0x40
    elif how == "truncate":
        data = data[:len(data) * 2 // 3]
    elif how == "trailing":
        data += b"\n"
    return bytes(data)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pe_dir")
    parser.add_argument("kind")
    parser.add_argument("out")
    parser.add_argument("--break", dest="how", default="")
    args = parser.parse_args()
    data = package(model(args.pe_dir, args.kind), args.how)
    with open(args.out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
