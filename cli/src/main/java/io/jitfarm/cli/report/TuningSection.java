package io.jitfarm.cli.report;

import io.jitfarm.common.result.ModelResult;
import java.util.ArrayList;
import java.util.List;

/** How each kernel's tuning went (time to best, candidates, compile cost), and each model's tuning time. */
public final class TuningSection {

    public List<ReportBlock> blocks(List<KernelTuning> tunings, List<Measured<ModelResult>> models,
            ReportBlock.Figure convergence) {
        List<ReportBlock> blocks = new ArrayList<>();
        blocks.add(new ReportBlock.Heading(2, "Tuning"));
        if (tunings.isEmpty()) {
            blocks.add(new ReportBlock.Paragraph("This run has no `tuning_progress` results: no kernel was tuned."));
        } else {
            blocks.add(new ReportBlock.Paragraph("Per kernel and job: the optimization space, candidates tried (valid), "
                    + "the tuning time, when the final best was first found, and the compile cost per candidate: the "
                    + "median of Java codegen + `WebAssembly.compile` in the page over the candidates sent "
                    + "(`kernel_candidate` results of engine jitfarm)."));
            blocks.add(table(tunings));
            if (convergence != null) {
                blocks.add(convergence);
            }
        }
        List<List<String>> modelRows = new ArrayList<>();
        for (Measured<ModelResult> model : models) {
            if (model.value().engine().equals(SpeedupRows.JITFARM) && model.value().tuningS() != null) {
                modelRows.add(List.of(model.value().model() + " seq " + model.value().seq(), model.job().label(),
                        Figures.seconds(model.value().tuningS())));
            }
        }
        if (!modelRows.isEmpty()) {
            blocks.add(new ReportBlock.Paragraph("Models: seconds jitfarm spent tuning the model's distinct GEMM shapes."));
            blocks.add(new ReportBlock.Table(List.of("model", "job", "tuning"), modelRows));
        }
        return blocks;
    }

    private static ReportBlock.Table table(List<KernelTuning> tunings) {
        List<List<String>> rows = new ArrayList<>();
        for (KernelTuning t : tunings) {
            rows.add(List.of(t.kernel(), t.job().label(), t.space().orElse(Figures.NONE),
                    t.tried() + " (" + t.valid() + ")", Figures.seconds(t.tuningS()),
                    t.timeToBestS().map(Figures::seconds).orElse("no valid candidate"),
                    t.bestCandidateId().map(id -> "`" + id + "`").orElse(Figures.NONE),
                    t.candidateCostMs().isEmpty() ? Figures.NONE
                            : Figures.format("%s (%s + %s, n=%d)", Figures.ms(Figures.median(t.candidateCostMs())),
                            Figures.ms(t.medianCodegenMs()), Figures.ms(t.medianCompileMs()), t.candidateCostMs().size()),
                    t.stopReason().orElse(Figures.NONE)));
        }
        return new ReportBlock.Table(List.of("kernel", "job", "space", "tried (valid)", "tuning", "best after",
                "best candidate", "compile ms per candidate (codegen + compile)", "stopped because"), rows);
    }
}
