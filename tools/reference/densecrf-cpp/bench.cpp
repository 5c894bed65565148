// Times the C++ reference of the fully connected CRF (Kraehenbuehl & Koltun's densecrf, as bundled by pydensecrf)
// on the workload of `seg4j bench crf`: the same synthetic 480x360 image and 11-label unary (CrfBench.synthetic and
// CrfBench.syntheticUnary, ported with java.util.Random's generator so the inputs are bit-identical), pydensecrf's
// example parameters (Gaussian sxy 3 compat 3, bilateral sxy 80 srgb 13 compat 10, DIAG_KERNEL,
// NORMALIZE_SYMMETRIC) with row-first features as pydensecrf's create_pairwise_* build them, lattice construction
// included: each timed run builds the features and a DenseCRF, sets the unary, adds both pairwise terms and runs
// inference(n). One thread; median of --repetitions runs after 2 warm-ups.
//
// Usage: bench [--repetitions N] [--dump DIR]
//   --dump DIR writes DIR/image.bmp (the synthetic image), DIR/unary.npy (energies -log p, float32 [L, H, W]) and,
//   for 10 and 5 iterations, DIR/cpp_q{10,5}.npy (marginals, float32 [L, H, W]) and DIR/cpp_map{10,5}.npy (MAP
//   labels, uint8 [H, W]), for comparing with `seg4j crf --unary DIR/unary.npy --image DIR/image.bmp ...`.
// Build: see run.sh beside this file (the densecrf sources are not in this repository; see README.md).
#include "densecrf.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

const int WIDTH = 480;
const int HEIGHT = 360;
const int LABELS = 11;

// java.util.Random, bit for bit: the 48-bit LCG and the nextInt/nextDouble/nextFloat derivations of the JDK.
class JavaRandom {
public:
    explicit JavaRandom(int64_t seed) : seed_((seed ^ 0x5DEECE66DLL) & MASK) {}
    int32_t next(int bits) {
        seed_ = (seed_ * 0x5DEECE66DLL + 0xBLL) & MASK;
        return (int32_t) (int64_t) (seed_ >> (48 - bits));
    }
    int32_t nextInt(int32_t bound) {
        int32_t r = next(31);
        int32_t m = bound - 1;
        if ((bound & m) == 0) {
            return (int32_t) (((int64_t) bound * (int64_t) r) >> 31);
        }
        // Java: for (int u = r; u - (r = u % bound) + m < 0; u = next(31)); with int overflow
        for (int32_t u = r;; u = next(31)) {
            r = u % bound;
            if ((int32_t) ((uint32_t) u - (uint32_t) r + (uint32_t) m) >= 0) break;
        }
        return r;
    }
    double nextDouble() {
        int64_t hi = next(26);
        int64_t lo = next(27);
        return (double) ((hi << 27) + lo) * 0x1.0p-53;
    }
    float nextFloat() { return next(24) / ((float) (1 << 24)); }

private:
    static const uint64_t MASK = (1ULL << 48) - 1;
    uint64_t seed_;
};

int clampByte(int v) { return std::max(0, std::min(255, v)); }

int nearest(const std::vector<int> &sx, const std::vector<int> &sy, int x, int y) {
    int best = 0;
    int64_t bestD = INT64_MAX;
    for (size_t s = 0; s < sx.size(); s++) {
        int64_t d = (int64_t) (sx[s] - x) * (sx[s] - x) + (int64_t) (sy[s] - y) * (sy[s] - y);
        if (d < bestD) {
            bestD = d;
            best = (int) s;
        }
    }
    return best;
}

// CrfBench.synthetic: eleven colour regions around 40 random seeds, with pixel noise. Packed 0xRRGGBB per pixel.
std::vector<int32_t> synthetic(int w, int h, int64_t seed) {
    JavaRandom rnd(seed);
    const int seeds = 40;
    std::vector<int> sx(seeds), sy(seeds);
    std::vector<int32_t> colour(LABELS);
    for (int s = 0; s < seeds; s++) {
        sx[s] = rnd.nextInt(w);
        sy[s] = rnd.nextInt(h);
    }
    for (int l = 0; l < LABELS; l++) colour[l] = rnd.nextInt(0x1000000);
    std::vector<int32_t> img((size_t) w * h);
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            int32_t c = colour[nearest(sx, sy, x, y) % LABELS];
            int r = clampByte((c >> 16 & 0xFF) + rnd.nextInt(31) - 15);
            int g = clampByte((c >> 8 & 0xFF) + rnd.nextInt(31) - 15);
            int b = clampByte((c & 0xFF) + rnd.nextInt(31) - 15);
            img[(size_t) y * w + x] = r << 16 | g << 8 | b;
        }
    }
    return img;
}

// CrfBench.syntheticUnary then Unary.fromProbabilities: energy(l, i) = (float) -log(max(p, 1e-5f)), as a
// labels x pixels matrix (the layout DenseCRF::setUnaryEnergy takes).
Eigen::MatrixXf syntheticUnary(const std::vector<int32_t> &image, int w, int64_t seed) {
    JavaRandom rnd(seed);
    const int n = (int) image.size();
    Eigen::MatrixXf energy(LABELS, n);
    for (int i = 0; i < n; i++) {
        int32_t c = image[(size_t) (i / w) * w + i % w];
        int label;
        if (rnd.nextDouble() < 0.3) {
            label = rnd.nextInt(LABELS);
        } else {
            label = ((c >> 20) + (c >> 12 & 0xF) + (c >> 4 & 0xF)) % LABELS;
        }
        // Java float arithmetic: no fused multiply-add (which -march=native would otherwise allow here)
        volatile float scaled = 0.4f * rnd.nextFloat();
        float top = 0.3f + scaled;
        for (int l = 0; l < LABELS; l++) {
            float p = l == label ? top : (1 - top) / (LABELS - 1);
            energy(l, i) = (float) -std::log((double) std::max(p, 1e-5f));
        }
    }
    return energy;
}

// One timed unit: what pydensecrf's example (examples/inference.py, use_2d = False) does, lattice construction
// included. Its create_pairwise_gaussian / create_pairwise_bilateral build the features row first (y, x, r, g, b),
// as seg4j does, and hand them to addPairwiseEnergy (DIAG_KERNEL, NORMALIZE_SYMMETRIC). DenseCRF2D's helpers put x
// first; the lattice approximates the Gaussian slightly differently for the other axis order, which alone moved
// a few percent of the MAP labels after 5 iterations, so the row-first order makes the two implementations comparable
// pixel for pixel.
Eigen::MatrixXf runCrf(const unsigned char *rgb, const Eigen::MatrixXf &unary, int iterations) {
    const int n = WIDTH * HEIGHT;
    DenseCRF crf(n, LABELS);
    crf.setUnaryEnergy(unary);
    Eigen::MatrixXf position(2, n);
    Eigen::MatrixXf bilateral(5, n);
    for (int y = 0; y < HEIGHT; y++) {
        for (int x = 0; x < WIDTH; x++) {
            int p = y * WIDTH + x;
            position(0, p) = y / 3.0f;
            position(1, p) = x / 3.0f;
            bilateral(0, p) = y / 80.0f;
            bilateral(1, p) = x / 80.0f;
            for (int c = 0; c < 3; c++) {
                bilateral(2 + c, p) = rgb[3 * p + c] / 13.0f;
            }
        }
    }
    crf.addPairwiseEnergy(position, new PottsCompatibility(3));
    crf.addPairwiseEnergy(bilateral, new PottsCompatibility(10));
    return crf.inference(iterations);
}

double medianMs(const unsigned char *rgb, const Eigen::MatrixXf &unary, int iterations, int repetitions) {
    volatile float sink = 0;
    for (int i = 0; i < 2; i++) sink = sink + runCrf(rgb, unary, iterations)(0, 0);
    std::vector<double> times;
    for (int i = 0; i < repetitions; i++) {
        auto t0 = std::chrono::steady_clock::now();
        Eigen::MatrixXf q = runCrf(rgb, unary, iterations);
        auto t1 = std::chrono::steady_clock::now();
        sink = sink + q(0, 0);
        times.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    std::sort(times.begin(), times.end());
    size_t k = times.size();
    return k % 2 == 1 ? times[k / 2] : (times[k / 2 - 1] + times[k / 2]) / 2;
}

void writeNpy(const std::string &path, const char *descr, const std::string &shape, const void *data, size_t bytes) {
    std::string header = std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    size_t total = 10 + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header.push_back('\n');
    FILE *f = std::fopen(path.c_str(), "wb");
    if (!f) {
        std::perror(path.c_str());
        std::exit(1);
    }
    const unsigned char magic[8] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    std::fwrite(magic, 1, 8, f);
    uint16_t len = (uint16_t) header.size();
    unsigned char le[2] = {(unsigned char) (len & 0xFF), (unsigned char) (len >> 8)};
    std::fwrite(le, 1, 2, f);
    std::fwrite(header.data(), 1, header.size(), f);
    std::fwrite(data, 1, bytes, f);
    std::fclose(f);
}

void put32(std::vector<unsigned char> &b, uint32_t v) {
    for (int i = 0; i < 4; i++) b.push_back((unsigned char) (v >> (8 * i)));
}

void writeBmp(const std::string &path, const std::vector<int32_t> &img, int w, int h) {
    int rowBytes = (w * 3 + 3) / 4 * 4;
    std::vector<unsigned char> b = {'B', 'M'};
    put32(b, 54 + rowBytes * h);
    put32(b, 0);
    put32(b, 54);
    put32(b, 40);
    put32(b, w);
    put32(b, h);  // bottom-up rows
    b.push_back(1);
    b.push_back(0);
    b.push_back(24);
    b.push_back(0);
    put32(b, 0);
    put32(b, rowBytes * h);
    put32(b, 2835);
    put32(b, 2835);
    put32(b, 0);
    put32(b, 0);
    for (int y = h - 1; y >= 0; y--) {
        for (int x = 0; x < w; x++) {
            int32_t c = img[(size_t) y * w + x];
            b.push_back(c & 0xFF);
            b.push_back(c >> 8 & 0xFF);
            b.push_back(c >> 16 & 0xFF);
        }
        for (int p = w * 3; p < rowBytes; p++) b.push_back(0);
    }
    FILE *f = std::fopen(path.c_str(), "wb");
    if (!f) {
        std::perror(path.c_str());
        std::exit(1);
    }
    std::fwrite(b.data(), 1, b.size(), f);
    std::fclose(f);
}

// labels x pixels (column-major) -> float32 [L, H, W]
std::vector<float> toLhw(const Eigen::MatrixXf &m) {
    std::vector<float> out((size_t) m.rows() * m.cols());
    for (int l = 0; l < m.rows(); l++)
        for (int i = 0; i < m.cols(); i++) out[(size_t) l * m.cols() + i] = m(l, i);
    return out;
}

}  // namespace

int main(int argc, char **argv) {
    int repetitions = 15;
    std::string dump;
    for (int a = 1; a < argc; a++) {
        std::string arg = argv[a];
        if (arg == "--repetitions" && a + 1 < argc) {
            repetitions = std::atoi(argv[++a]);
        } else if (arg == "--dump" && a + 1 < argc) {
            dump = argv[++a];
        } else {
            std::fprintf(stderr, "usage: %s [--repetitions N] [--dump DIR]\n", argv[0]);
            return 2;
        }
    }
    if (repetitions < 1) {
        std::fprintf(stderr, "--repetitions must be at least 1\n");
        return 2;
    }
    std::vector<int32_t> image = synthetic(WIDTH, HEIGHT, 1);
    std::vector<unsigned char> rgb((size_t) WIDTH * HEIGHT * 3);
    for (size_t i = 0; i < image.size(); i++) {
        rgb[3 * i] = image[i] >> 16 & 0xFF;
        rgb[3 * i + 1] = image[i] >> 8 & 0xFF;
        rgb[3 * i + 2] = image[i] & 0xFF;
    }
    Eigen::MatrixXf unary = syntheticUnary(image, WIDTH, 2);

    if (!dump.empty()) {
        std::string shape3 = "(" + std::to_string(LABELS) + ", " + std::to_string(HEIGHT) + ", " +
                             std::to_string(WIDTH) + ")";
        std::string shape2 = "(" + std::to_string(HEIGHT) + ", " + std::to_string(WIDTH) + ")";
        writeBmp(dump + "/image.bmp", image, WIDTH, HEIGHT);
        std::vector<float> u = toLhw(unary);
        writeNpy(dump + "/unary.npy", "<f4", shape3, u.data(), u.size() * sizeof(float));
        for (int iterations : {10, 5}) {
            Eigen::MatrixXf q = runCrf(rgb.data(), unary, iterations);
            std::vector<float> qq = toLhw(q);
            std::vector<uint8_t> map(q.cols());
            for (int i = 0; i < q.cols(); i++) {
                int m;
                q.col(i).maxCoeff(&m);
                map[i] = (uint8_t) m;
            }
            std::string it = std::to_string(iterations);
            writeNpy(dump + "/cpp_q" + it + ".npy", "<f4", shape3, qq.data(), qq.size() * sizeof(float));
            writeNpy(dump + "/cpp_map" + it + ".npy", "|u1", shape2, map.data(), map.size());
        }
        std::printf("wrote %s/{image.bmp,unary.npy,cpp_q10.npy,cpp_map10.npy,cpp_q5.npy,cpp_map5.npy}\n",
                    dump.c_str());
        return 0;
    }

    std::printf("densecrf C++ reference, %dx%d (synthetic, as seg4j bench crf), %d labels, pydensecrf example "
                "parameters, lattice construction included, 1 thread, median of %d after 2 warm-ups\n",
                WIDTH, HEIGHT, LABELS, repetitions);
    std::printf("%-11s %10s %18s\n", "iterations", "median ms", "ns/pixel-label-it");
    for (int iterations : {10, 5}) {
        double ms = medianMs(rgb.data(), unary, iterations, repetitions);
        std::printf("%-11d %10.1f %18.2f\n", iterations, ms,
                    ms * 1e6 / ((double) WIDTH * HEIGHT * LABELS * iterations));
        std::fflush(stdout);
    }
    return 0;
}
