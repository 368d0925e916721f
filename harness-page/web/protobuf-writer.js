const VARINT = 0;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

/**
 * Writes one protocol-buffers message, field by field in the order they are added. Just the
 * encodings an ONNX model needs: varints (non-negative, up to 2^53), 32-bit floats, and
 * length-delimited bytes, strings and nested messages. Large byte fields are kept by reference until {@link finish}, so a
 * weight tensor is copied once.
 */
export class ProtoWriter {
  /** @type {Uint8Array[]} */
  #chunks = [];
  #length = 0;

  /** Bytes written so far. */
  get length() {
    return this.#length;
  }

  /**
   * @param {number} field
   * @param {number} value a non-negative integer (int32, int64 and enum fields alike)
   * @returns {this}
   */
  varint(field, value) {
    return this.#add(new Uint8Array([...encodeVarint(field * 8 + VARINT), ...encodeVarint(value)]));
  }

  /**
   * @param {number} field
   * @param {number} value written as a float field: rounded to float32, little-endian
   * @returns {this}
   */
  float32(field, value) {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    return this.#add(new Uint8Array([...encodeVarint(field * 8 + FIXED32), ...bytes]));
  }

  /**
   * @param {number} field
   * @param {Uint8Array} bytes
   * @returns {this}
   */
  bytes(field, bytes) {
    this.#add(new Uint8Array([...encodeVarint(field * 8 + LENGTH_DELIMITED), ...encodeVarint(bytes.length)]));
    return this.#add(bytes);
  }

  /**
   * @param {number} field
   * @param {string} text written as UTF-8
   * @returns {this}
   */
  string(field, text) {
    return this.bytes(field, new TextEncoder().encode(text));
  }

  /**
   * @param {number} field
   * @param {ProtoWriter} message complete: later additions to it are not seen here
   * @returns {this}
   */
  message(field, message) {
    this.#add(new Uint8Array([...encodeVarint(field * 8 + LENGTH_DELIMITED), ...encodeVarint(message.length)]));
    message.#chunks.forEach((chunk) => this.#add(chunk));
    return this;
  }

  /** @returns {Uint8Array} the encoded message */
  finish() {
    const out = new Uint8Array(this.#length);
    let offset = 0;
    for (const chunk of this.#chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }

  #add(chunk) {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
    return this;
  }
}

/** Base-128, low groups first; arithmetic rather than bit operators, which stop at 32 bits. */
function encodeVarint(value) {
  const bytes = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}
