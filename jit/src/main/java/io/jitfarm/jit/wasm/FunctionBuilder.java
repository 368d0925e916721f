package io.jitfarm.jit.wasm;

import java.util.ArrayList;
import java.util.List;

/** One function of a module under construction: its signature, its locals and its code. */
public final class FunctionBuilder {

    private final FuncType type;
    private final int typeIndex;
    private final int functionIndex;
    private final List<ValType> declaredLocals = new ArrayList<>();
    private final CodeEmitter code = new CodeEmitter();

    FunctionBuilder(FuncType type, int typeIndex, int functionIndex) {
        this.type = type;
        this.typeIndex = typeIndex;
        this.functionIndex = functionIndex;
    }

    public Local param(int position) {
        return new Local(position, type.params().get(position));
    }

    /** Declares a local after the parameters; locals start at zero. */
    public Local newLocal(ValType localType) {
        declaredLocals.add(localType);
        return new Local(type.params().size() + declaredLocals.size() - 1, localType);
    }

    public CodeEmitter code() {
        return code;
    }

    int typeIndex() {
        return typeIndex;
    }

    int functionIndex() {
        return functionIndex;
    }

    void writeBodyTo(ByteSink out) {
        ByteSink body = new ByteSink();
        writeLocalDeclarations(body);
        body.bytes(code.toByteArray()).u8(Opcode.END.code());
        out.sized(body);
    }

    /** Locals are declared as runs of one type, so consecutive locals of a type cost one entry. */
    private void writeLocalDeclarations(ByteSink out) {
        ByteSink runs = new ByteSink();
        int runCount = 0;
        for (int start = 0, end; start < declaredLocals.size(); start = end) {
            ValType runType = declaredLocals.get(start);
            end = start;
            while (end < declaredLocals.size() && declaredLocals.get(end) == runType) {
                end++;
            }
            runs.u32(end - start).u8(runType.code());
            runCount++;
        }
        out.u32(runCount).bytes(runs.toByteArray());
    }
}
