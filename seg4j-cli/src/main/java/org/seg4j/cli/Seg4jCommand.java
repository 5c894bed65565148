package org.seg4j.cli;

import java.io.PrintWriter;
import org.seg4j.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code seg4j} command: one subcommand per job. Bad input ends with a one-line message and exit code 2. */
@Command(name = "seg4j", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Seg4jVersion.class,
        description = "Semantic segmentation and object localization on the JVM.",
        subcommands = {
            InfoCommand.class,
            DemoCommand.class,
            EvalCommand.class,
            ShowCommand.class,
            CrfCommand.class,
            CrfSearchCommand.class,
            ModelsCommand.class,
            TrainCommand.class,
            PredictCommand.class,
            LocalizeCommand.class,
            ServeCommand.class,
            ReportCommand.class,
            ConvertCommand.class,
            ExportCommand.class,
            SparkCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Seg4jCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (0 ok, 1 failure, 2 bad input or usage). */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line writing to the given streams; returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        CommandLine cli = new CommandLine(new Seg4jCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(Seg4jCommand::handle);
        cli.setParameterExceptionHandler(Seg4jCommand::handleUsage);
        OptionEnums.register(cli);
        return cli.execute(args);
    }

    /** A bad option value, an unknown option or a missing one: one line naming the command, exit code 2. */
    private static int handleUsage(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        String command = e.getCommandLine().getCommandSpec().qualifiedName();
        err.println(command + ": " + e.getMessage() + " (see " + command + " --help)");
        err.flush();
        return 2;
    }

    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (e instanceof BadInputException || e instanceof java.io.UncheckedIOException) {
            err.println("seg4j " + cmd.getCommandName() + ": " + e.getMessage());
            err.flush();
            return 2;
        }
        if (e instanceof CommandLine.ParameterException p) {
            err.println(p.getMessage());
            return 2;
        }
        throw new IllegalStateException(e);
    }
}
