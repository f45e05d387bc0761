package org.tokenheatmap.bench;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code ./bench.sh NAME [ARGS]} runs {@code org.tokenheatmap.bench.<Name>Bench.main(ARGS)}; each bench prints its
 * own figures next to its peer's (llama.cpp, numpy), measured in the same run.
 */
public final class BenchMain {
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: ./bench.sh NAME [ARGS]   (see README, section Benchmarks)");
            System.exit(2);
        }
        String name = args[0].substring(0, 1).toUpperCase(Locale.ROOT) + args[0].substring(1);
        Class<?> bench;
        try {
            bench = Class.forName("org.tokenheatmap.bench." + name + "Bench");
        } catch (ClassNotFoundException e) {
            System.err.println("bench: no benchmark named '" + args[0] + "'");
            System.exit(2);
            return;
        }
        Method main = bench.getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
}
