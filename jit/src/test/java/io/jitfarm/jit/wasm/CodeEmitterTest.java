package io.jitfarm.jit.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitfarm.jit.tools.Wabt;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeEmitterTest {

    @TempDir
    Path dir;

    /**
     * Opcode numbers are checked against wabt's disassembler, an implementation independent of
     * ours: each emitter method must come back as the instruction the spec names.
     */
    @Test
    void everyInstructionDisassemblesToItsSpecName() {
        Path file = Wabt.write(dir, "tour.wasm", InstructionTour.module());

        assertThat(Wabt.validate(file, Wabt.RELAXED_SIMD).exitCode()).isZero();
        assertThat(instructions(Wabt.disassemble(file))).containsExactly(
                "block", "loop",
                "local.get 0", "i32.eqz", "br_if 1",
                "local.get 0", "i32.const 1", "i32.sub", "local.set 0",
                "br 0",
                "end", "end",
                "local.get 0", "i32.const -1", "i32.lt_s",
                "if", "i32.const 0", "return", "end",
                "local.get 0", "i32.const 3", "i32.lt_u",
                "if", "local.get 0", "i32.const 2", "i32.shl", "local.set 0",
                "else", "local.get 0", "i32.const 5", "i32.rem_u", "local.set 0", "end",
                "local.get 0", "i32.const 7", "i32.mul", "i32.const 1", "i32.add", "i32.const 0", "i32.ge_s",
                "i32.const 1", "i32.ge_u", "local.set 0",
                "local.get 0", "i32.const 9", "i32.div_u",
                "local.get 0", "local.get 0", "i32.const 2", "i32.eq", "select", "local.set 0",
                "i32.const 0", "f32.load offset=4", "f32.const 0x1.8p+0", "f32.mul", "f32.const 0x1p+1", "f32.add",
                "local.tee 1", "f32x4.splat", "local.set 2",
                "v128.const i32x4 0x03020100 0x07060504 0x0b0a0908 0x0f0e0d0c", "local.set 2",
                "i32.const 16",
                "local.get 2", "i32.const 0", "v128.load offset=32 align=1", "f32x4.mul",
                "i32.const 0", "v128.load32_splat offset=8", "f32x4.add",
                "local.get 2", "local.get 2", "f32x4.relaxed_madd",
                "v128.store offset=48",
                "local.get 2", "local.get 2", "f32x4.sub", "local.get 2", "f32x4.div",
                "local.get 2", "f32x4.pmin", "local.get 2", "f32x4.pmax", "local.set 2",
                "i32.const 64", "local.get 2", "f32x4.extract_lane 3", "f32.store",
                "i32.const 0", "v128.load32_zero offset=4", "local.set 2",
                "i32.const 0", "local.get 2", "v128.load32_lane offset=8 2", "local.set 2",
                "i32.const 0", "v128.load64_zero", "local.set 2",
                "i32.const 80", "local.get 2", "v128.store32_lane offset=4 1",
                "i32.const 80", "local.get 2", "v128.store64_lane offset=8 1",
                "local.get 0");
    }

    @Test
    void relaxedMaddNeedsATwoByteSubOpcode() {
        CodeEmitter code = new CodeEmitter();
        code.f32x4RelaxedMadd();

        assertThat(Hex.of(code.toByteArray())).isEqualTo("FD 85 02");
    }

    @Test
    void branchesCountOutwardFromTheInnermostOpenBlock() {
        CodeEmitter code = new CodeEmitter();
        code.block(outer -> code.loop(middle -> code.block(inner -> code.br(outer).br(middle).br(inner))));

        assertThat(Hex.of(code.toByteArray())).isEqualTo("02 40 03 40 02 40 0C 02 0C 01 0C 00 0B 0B 0B");
    }

    @Test
    void aBranchToABlockThatHasEndedIsRefused() {
        CodeEmitter code = new CodeEmitter();
        AtomicReference<Label> ended = new AtomicReference<>();
        code.block(ended::set);

        assertThatThrownBy(() -> code.br(ended.get())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aBranchToALabelOfAnotherFunctionIsRefused() {
        CodeEmitter other = new CodeEmitter();
        CodeEmitter code = new CodeEmitter();

        other.block(foreign -> code.block(own ->
                assertThatThrownBy(() -> code.br(foreign)).isInstanceOf(IllegalStateException.class)));
    }

    @Test
    void anAlignmentWiderThanTheAccessIsRefused() {
        assertThatThrownBy(() -> new CodeEmitter().f32Load(new MemArg(3, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceeds the access width");
    }

    @Test
    void aVectorConstantMustHaveSixteenBytes() {
        assertThatThrownBy(() -> new CodeEmitter().v128Const(new byte[8])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anF32x4LaneIndexOutsideZeroToThreeIsRefused() {
        assertThatThrownBy(() -> new CodeEmitter().f32x4ExtractLane(4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CodeEmitter().v128Load32Lane(0, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a64BitLaneStoreHasOnlyTwoLanes() {
        assertThatThrownBy(() -> new CodeEmitter().v128Store64Lane(0, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Instruction lines of the single function, without wasm2wat's annotations and labels. */
    private static List<String> instructions(String wat) {
        List<String> lines = Arrays.stream(wat.split("\n"))
                .map(line -> line.replaceAll(";;.*$", "").replaceAll("\\(;[^;]*;\\)", "").strip())
                .filter(line -> !line.isEmpty())
                .toList();
        int body = lines.indexOf(lines.stream().filter(line -> line.startsWith("(func")).findFirst().orElseThrow());
        return lines.subList(body + 1, lines.size()).stream()
                .takeWhile(line -> !line.startsWith("(export") && !line.startsWith("(import") && !line.startsWith("(type"))
                .map(line -> line.replaceAll("\\)+$", "").strip())
                .filter(line -> !line.isEmpty() && !line.startsWith("(local"))
                .toList();
    }
}
