package org.seg4j.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Ends long native work cleanly on SIGTERM (or SIGINT, or {@code System.exit} from elsewhere). The JVM answers a
 * termination signal by running its shutdown hooks and then halting the process, whatever the other threads are
 * doing; halting while a thread is inside libtorch once crashed the JVM (SIGSEGV). While {@link #during} runs a job,
 * a shutdown hook asks the job to stop ({@code stop}) and waits until the job has returned and closed its native
 * resources; the process then exits with 143 (128 + SIGTERM) as usual.
 */
final class StopOnTermination {
    private StopOnTermination() {
    }

    /** Runs {@code job}; a termination signal meanwhile calls {@code stop} and lets the job finish first. */
    static void during(Runnable stop, Runnable job) {
        CountDownLatch ended = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.run();
            boolean interrupted = false;
            while (ended.getCount() > 0) {
                try {
                    ended.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }, "seg4j-stop-on-termination");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            job.run();
        } finally {
            ended.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that the job has ended, and the JVM exits
            }
        }
    }
}
