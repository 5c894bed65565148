package org.seg4j.cli;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Closed option sets are enums; on the command line a constant is spelled in lower case with {@code -} for
 * {@code _} ({@code SOFT_NMS} is {@code soft-nms}). A value outside the set fails parsing with picocli's one-line
 * "Invalid value for option '--combine': expected one of [max, merge, nms, soft-nms] but was 'x'".
 */
final class OptionEnums {
    private OptionEnums() {
    }

    /** The command-line spelling of an enum constant. */
    static String spelling(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Registers the spelling converter for the type of every enum-valued option of the command and its subcommands. */
    static void register(CommandLine cli) {
        Set<Class<?>> types = new HashSet<>();
        collect(cli.getCommandSpec(), types);
        types.forEach(type -> registerEnum(cli, type));
    }

    private static void collect(CommandSpec command, Set<Class<?>> types) {
        for (OptionSpec option : command.options()) {
            Class<?> type = option.auxiliaryTypes().length > 0 ? option.auxiliaryTypes()[0] : option.type();
            if (type.isEnum()) {
                types.add(type);
            }
        }
        command.subcommands().values().forEach(sub -> collect(sub.getCommandSpec(), types));
    }

    private static <T> void registerEnum(CommandLine cli, Class<T> type) {
        T[] constants = type.getEnumConstants();
        cli.registerConverter(type, value -> {
            for (T c : constants) {
                if (spelling((Enum<?>) c).equals(value)) {
                    return c;
                }
            }
            throw new CommandLine.TypeConversionException("expected one of "
                    + Arrays.stream(constants).map(c -> spelling((Enum<?>) c)).toList() + " but was '" + value + "'");
        });
    }
}
