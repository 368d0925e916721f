package io.jitfarm.jit.wasm;

/** Ids of the sections this builder writes, in the order the format requires. */
enum SectionId {
    TYPE(1),
    IMPORT(2),
    FUNCTION(3),
    EXPORT(7),
    CODE(10);

    private final int code;

    SectionId(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }
}
