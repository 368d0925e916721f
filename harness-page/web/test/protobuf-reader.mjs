// A tiny protobuf reader for the tests: just enough to decode what ProtoWriter writes.
import assert from 'node:assert/strict';

function readVarint(bytes, at) {
  let value = 0;
  for (let scale = 1; ; scale *= 0x80) {
    const byte = bytes[at.offset++];
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return value;
  }
}

/**
 * Fields of one message: number -> values in order (numbers for varints and 32-bit floats, byte
 * arrays for length-delimited fields).
 */
export function decode(bytes) {
  const fields = new Map();
  const at = { offset: 0 };
  while (at.offset < bytes.length) {
    const key = readVarint(bytes, at);
    const [field, wireType] = [Math.floor(key / 8), key % 8];
    let value;
    if (wireType === 0) {
      value = readVarint(bytes, at);
    } else if (wireType === 2) {
      const length = readVarint(bytes, at);
      value = bytes.subarray(at.offset, at.offset + length);
      at.offset += length;
    } else if (wireType === 5) {
      value = new DataView(bytes.buffer, bytes.byteOffset + at.offset, 4).getFloat32(0, true);
      at.offset += 4;
    } else {
      throw new Error(`unexpected wire type ${wireType}`);
    }
    if (!fields.has(field)) fields.set(field, []);
    fields.get(field).push(value);
  }
  return fields;
}

export const text = (bytes) => new TextDecoder().decode(bytes);

/** The field's only value. */
export const one = (fields, field) => {
  assert.equal(fields.get(field)?.length, 1, `field ${field} once`);
  return fields.get(field)[0];
};

/** A ValueInfoProto's name, element type and dimensions. */
export const tensorInfo = (bytes) => {
  const info = decode(bytes);
  const tensorType = decode(one(decode(one(info, 2)), 1));
  const dims = decode(one(tensorType, 2)).get(1).map((dim) => one(decode(dim), 1));
  return { name: text(one(info, 1)), elemType: one(tensorType, 1), dims };
};
