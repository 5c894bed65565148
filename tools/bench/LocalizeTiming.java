import ai.djl.ndarray.NDManager;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.RgbImage;
import org.seg4j.nn.localize.Localizer;
import org.seg4j.nn.localize.LocalizerModel;

/**
 * Times {@code Localizer.localize} (resizing, the convolutional pass of every scale and aspect, decoding and
 * combining; no file reading or writing) per image with the model's trained settings, after one warm-up image:
 * prints the median wall time and the median processor time of the whole process (every thread, libtorch's
 * included), which moves less than the wall time when other processes share the cores. Runs against any build's
 * class path, so two builds can be alternated in one session
 * ({@code java -cp 'seg4j-cli/target/seg4j.jar:seg4j-cli/target/lib/*' tools/bench/LocalizeTiming.java MODEL IMAGES...}).
 */
public final class LocalizeTiming {
    public static void main(String[] args) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<Path> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            files.add(Path.of(args[i]));
        }
        try (NDManager manager = NDManager.newBaseManager();
                LocalizerModel model = LocalizerModel.open(Path.of(args[0]), manager)) {
            Localizer localizer = model.localizer(model.trainedOptions());
            localizer.localize(ImageFiles.readRgb(files.get(0)), manager);
            double[] wall = new double[files.size()];
            double[] cpu = new double[files.size()];
            for (int i = 0; i < files.size(); i++) {
                RgbImage image = ImageFiles.readRgb(files.get(i));
                long c0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                localizer.localize(image, manager);
                wall[i] = (System.nanoTime() - t0) / 1e6;
                cpu[i] = (os.getProcessCpuTime() - c0) / 1e6;
            }
            Arrays.sort(wall);
            Arrays.sort(cpu);
            System.out.printf("median wall %.0f ms, median cpu %.0f ms over %d images%n", wall[wall.length / 2],
                    cpu[cpu.length / 2], files.size());
        }
    }
}
