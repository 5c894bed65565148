package org.seg4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Spark standalone cluster on the loopback interface: a master and one worker, each its own JVM started from
 * Spark's jars ({@code org.apache.spark.deploy.master.Master}, {@code org.apache.spark.deploy.worker.Worker}), as
 * {@code sbin/start-master.sh} and {@code sbin/start-worker.sh} start them. The worker launches executor JVMs
 * ({@code CoarseGrainedExecutorBackend}) from the same Spark installation, a folder whose {@code jars/} holds links to
 * Spark's jars, nothing of seg4j: the executors get seg4j from the application jar. Logs go to {@code logs/}.
 */
final class StandaloneCluster implements AutoCloseable {
    private final Path home;
    private final String javaOptions;
    private final List<Process> daemons = new ArrayList<>();
    private final int masterPort = freePort();
    private Process worker;

    /**
     * @param home        folder to lay the Spark installation and logs out in
     * @param sparkJars   Spark's jars (its runtime class path)
     * @param javaOptions JVM options of the master and worker (the JDK module openings)
     */
    StandaloneCluster(Path home, List<Path> sparkJars, String javaOptions) throws IOException {
        this.home = home;
        this.javaOptions = javaOptions;
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (Path jar : sparkJars) {
            Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar);
        }
        Files.createDirectories(home.resolve("logs"));
        Files.createDirectories(home.resolve("work"));
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** Starts the master and a worker with {@code cores} cores and {@code memory} for executors; waits until registered. */
    void start(int cores, String memory) throws IOException, InterruptedException {
        daemons.add(launch("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                String.valueOf(masterPort), "--webui-port", String.valueOf(freePort())));
        worker = launch("worker", "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--port",
                String.valueOf(freePort()), "--webui-port", String.valueOf(freePort()), "--cores", String.valueOf(cores),
                "--memory", memory, "--work-dir", home.resolve("work").toString(), masterUrl());
        daemons.add(worker);
        awaitLog("worker", "Successfully registered with master", Duration.ofMinutes(3));
    }

    /** The executor JVMs the worker runs now. */
    List<ProcessHandle> executors() {
        return worker.descendants().filter(p -> p.info().commandLine().orElse("")
                .contains("org.apache.spark.executor.CoarseGrainedExecutorBackend")).toList();
    }

    /** A process's peak and current resident memory ({@code VmHWM}, {@code VmRSS} of Linux's /proc/PID/status). */
    static String memory(ProcessHandle process) {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status")).stream()
                    .filter(l -> l.startsWith("VmHWM") || l.startsWith("VmRSS"))
                    .map(l -> l.replaceAll("\\s+", " ")).reduce((a, b) -> a + ", " + b).orElse("unknown");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** The text of a daemon's log (master, worker). */
    String log(String name) throws IOException {
        return Files.readString(home.resolve("logs").resolve(name + ".log"));
    }

    private Process launch(String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(javaOptions.trim().split("\\s+")));
        command.addAll(List.of("-Xmx512m", "-cp", home.resolve("jars") + "/*", mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("logs").resolve(name + ".log").toFile());
        builder.environment().put("SPARK_HOME", home.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("SPARK_LOG_DIR", home.resolve("logs").toString());
        return builder.start();
    }

    private void awaitLog(String name, String text, Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (log(name).contains(text)) {
                return;
            }
            Optional<Process> dead = daemons.stream().filter(p -> !p.isAlive()).findFirst();
            if (dead.isPresent()) {
                throw new IllegalStateException("a Spark daemon exited with " + dead.get().exitValue() + "; "
                        + name + " log:\n" + log(name));
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("no '" + text + "' in the " + name + " log within " + timeout + ":\n"
                + log(name));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the worker (and with it its executors) and the master. */
    @Override
    public void close() {
        for (int i = daemons.size() - 1; i >= 0; i--) {
            Process daemon = daemons.get(i);
            daemon.descendants().forEach(ProcessHandle::destroyForcibly);
            daemon.destroy();
            try {
                if (!daemon.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    daemon.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                daemon.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
