/*
 * The statistics pass of DESIGN.md ("The one contract") and per-row scoring, for NVIDIA GPUs.
 * Written in the subset that portable.h maps to both CUDA C and OpenCL C, so CI runs this very
 * source on PoCL against the CPU reference.
 *
 * A block owns tiles of rows (tile t, t + gridDim, ...). Per tile, in shared memory:
 *   X  rows x xs: column 0 holds 1, columns 1..d the row. With the constant column and a mean of 0
 *      for it, N_k, S_k and Q_k are all entries of one upper triangle of sum a (x'-c')(x'-c')^T
 *      over the augmented row x' = (1, x): row 0 of it is N_k then S_k, rows 1..d are Q_k.
 *   A  rows x ks: log p_ik, then a_ik = w_i r_ik.
 * xs = (d + 1) | 1 and ks = K | 1 are odd, so threads reading a column of X or A hit distinct
 * shared-memory banks.
 *
 * Each thread owns groups of up to GMM_GROUP entries of that triangle (a table from the host
 * lists them: a stretch of one row, or of the diagonal for diag/spherical), sums them over the
 * tile in REAL registers, and adds the tile's sums into its block's slot of `partials` in double.
 * No n x K array is written. gmm_reduce then adds the block slots in block order, in double, so
 * a result depends on the grid size only, never on scheduling. The host launches at most one
 * block per tile, so every slot is written by its block's first tile and needs no clearing.
 */
#include "portable.h"

/* Covariance types, numbered as the host's CovarianceType.ordinal(). */
#define GMM_FULL 0
#define GMM_TIED 1
#define GMM_DIAG 2
#define GMM_SPHERICAL 3

/* Entries a thread sums together: one row value loaded from shared memory serves them all. */
#define GMM_GROUP 4

DEVICE int tile_row_stride(int d) { return (d + 1) | 1; }

DEVICE int tile_resp_stride(int k) { return k | 1; }

/* Rows [row0, row0 + rows) into X behind the constant column. */
DEVICE void load_tile(GLOBAL const REAL *RESTRICT x, gmm_long row0, int rows, int d, LOCAL_PTR REAL *X) {
    int tid = LOCAL_ID();
    int xs = tile_row_stride(d);
    GLOBAL const REAL *src = x + row0 * d;
    for (int e = tid; e < rows * d; e += GMM_THREADS) {
        int r = e / d;
        X[r * xs + 1 + (e - r * d)] = src[e];
    }
    for (int r = tid; r < rows; r += GMM_THREADS) {
        X[r * xs] = LIT(1.0);
    }
}

/* log p_ik = logNorm_k - 0.5 || P_k^T (x_i - mu_k) ||^2 into A, one (row, component) pair per thread. */
DEVICE void log_densities(LOCAL_PTR const REAL *X, int rows, int d, int k, int ctype,
                          GLOBAL const REAL *RESTRICT means, GLOBAL const REAL *RESTRICT prec,
                          GLOBAL const REAL *RESTRICT lognorm, LOCAL_PTR REAL *A) {
    int xs = tile_row_stride(d);
    int ks = tile_resp_stride(k);
    /* neighbouring threads take neighbouring rows of one component: they read the same P and mu */
    for (int p = LOCAL_ID(); p < rows * k; p += GMM_THREADS) {
        int c = p / rows;
        int r = p - c * rows;
        LOCAL_PTR const REAL *xr = X + r * xs + 1;
        GLOBAL const REAL *mu = means + (gmm_long) c * d;
        REAL m = LIT(0.0);
        if (ctype == GMM_FULL || ctype == GMM_TIED) {
            GLOBAL const REAL *P = prec + (ctype == GMM_TIED ? 0 : (gmm_long) c * d * d);
            for (int j = 0; j < d; j++) {
                REAL y = LIT(0.0);
                for (int i = 0; i <= j; i++) {
                    y += (xr[i] - mu[i]) * P[i * d + j];
                }
                m += y * y;
            }
        } else if (ctype == GMM_DIAG) {
            GLOBAL const REAL *P = prec + (gmm_long) c * d;
            for (int j = 0; j < d; j++) {
                REAL t = (xr[j] - mu[j]) * P[j];
                m += t * t;
            }
        } else {
            for (int j = 0; j < d; j++) {
                REAL t = xr[j] - mu[j];
                m += t * t;
            }
            m = m * prec[c] * prec[c];
        }
        A[r * ks + c] = lognorm[c] - LIT(0.5) * m;
    }
}

/*
 * Adds one tile's a_ik (x'_i - c'_k)(x'_i - c'_k)^T, for the entries of each group this thread
 * owns, into the block's slot: assigned on the block's first tile, added on later ones.
 */
DEVICE void add_tile_sums(LOCAL_PTR const REAL *X, LOCAL_PTR const REAL *A, int rows, int d, int k,
                          GLOBAL const REAL *RESTRICT means, GLOBAL const int *RESTRICT groups,
                          int gpc, int epc, GLOBAL double *slot, int first) {
    int xs = tile_row_stride(d);
    int ks = tile_resp_stride(k);
    for (int g = LOCAL_ID(); g < k * gpc; g += GMM_THREADS) {
        int c = g / gpc;
        GLOBAL const int *gr = groups + 4 * (g - c * gpc);
        int i = gr[0];
        int j0 = gr[1];
        int count = gr[2];
        GLOBAL const REAL *mu = means + (gmm_long) c * d;
        int j[GMM_GROUP];
        REAL mj[GMM_GROUP];
        REAL acc[GMM_GROUP];
        for (int q = 0; q < GMM_GROUP; q++) {
            /* a short group repeats its last column; the extra sums are not stored */
            int jq = j0 + q < d ? j0 + q : d;
            j[q] = jq;
            mj[q] = jq == 0 ? LIT(0.0) : mu[jq - 1];
            acc[q] = LIT(0.0);
        }
        if (i >= 0) {
            /* a stretch of triangle row i: a (x'_i - c'_i) is shared by the group */
            REAL mi = i == 0 ? LIT(0.0) : mu[i - 1];
            for (int r = 0; r < rows; r++) {
                LOCAL_PTR const REAL *xr = X + r * xs;
                REAL ai = A[r * ks + c] * (xr[i] - mi);
                for (int q = 0; q < GMM_GROUP; q++) {
                    acc[q] += ai * (xr[j[q]] - mj[q]);
                }
            }
        } else {
            /* a stretch of the diagonal */
            for (int r = 0; r < rows; r++) {
                LOCAL_PTR const REAL *xr = X + r * xs;
                REAL a = A[r * ks + c];
                for (int q = 0; q < GMM_GROUP; q++) {
                    REAL t = xr[j[q]] - mj[q];
                    acc[q] += a * t * t;
                }
            }
        }
        GLOBAL double *dst = slot + (gmm_long) c * epc + gr[3];
        for (int q = 0; q < GMM_GROUP; q++) {
            if (q < count) {
                dst[q] = first ? (double) acc[q] : dst[q] + (double) acc[q];
            }
        }
    }
}

/*
 * One row's log p_ik (in a[0], a[stride], ... a[(k - 1) stride]) turned into a_ik = w_i r_ik in
 * place; returns the row's log density l_i. One body for a row in shared memory and for a column
 * of a matrix in global memory: OpenCL 1.2 has no pointer that may point to either.
 */
#define GMM_RESPONSIBILITIES(space, name)                                              \
    DEVICE REAL name(space REAL *a, int stride, int k, REAL wt) {                      \
        REAL mx = NEG_INF;                                                             \
        for (int c = 0; c < k; c++) {                                                  \
            mx = a[c * stride] > mx ? a[c * stride] : mx;                              \
        }                                                                              \
        if (mx == NEG_INF) {                                                           \
            /* zero density under every component: no responsibility, L is -inf */     \
            for (int c = 0; c < k; c++) {                                              \
                a[c * stride] = LIT(0.0);                                              \
            }                                                                          \
            return mx;                                                                 \
        }                                                                              \
        REAL s = LIT(0.0);                                                             \
        for (int c = 0; c < k; c++) {                                                  \
            REAL e = R_EXP(a[c * stride] - mx);                                        \
            a[c * stride] = e;                                                         \
            s += e;                                                                    \
        }                                                                              \
        for (int c = 0; c < k; c++) {                                                  \
            a[c * stride] = wt * (a[c * stride] / s);                                  \
        }                                                                              \
        return mx + R_LOG(s);                                                          \
    }
GMM_RESPONSIBILITIES(LOCAL_PTR, responsibilities)
GMM_RESPONSIBILITIES(GLOBAL, responsibilities_global)

/*
 * The block's L and W (each thread's share in lsum, wsum) summed in double into dst[0], dst[1]:
 * assigned when first, added otherwise.
 */
DEVICE void store_block_sums(double lsum, double wsum, LOCAL_PTR double *red, GLOBAL double *dst, int first) {
    int tid = LOCAL_ID();
    red[tid] = lsum;
    red[GMM_THREADS + tid] = wsum;
    BARRIER();
    for (int s = GMM_THREADS / 2; s > 0; s >>= 1) {
        if (tid < s) {
            red[tid] += red[tid + s];
            red[GMM_THREADS + tid] += red[GMM_THREADS + tid + s];
        }
        BARRIER();
    }
    if (tid == 0) {
        dst[0] = first ? red[0] : dst[0] + red[0];
        dst[1] = first ? red[GMM_THREADS] : dst[1] + red[GMM_THREADS];
    }
}

/*
 * One statistics pass. partials holds one slot of K * epc + 2 doubles per block: the entries of
 * each component (N, S, Q), then the block's L and W.
 */
KERNEL void gmm_statistics(GLOBAL const REAL *RESTRICT x, GLOBAL const REAL *RESTRICT w, int weighted,
                           int n, int d, int k, int ctype,
                           GLOBAL const REAL *RESTRICT means, GLOBAL const REAL *RESTRICT prec,
                           GLOBAL const REAL *RESTRICT lognorm,
                           GLOBAL const int *RESTRICT groups, int gpc, int epc, int tileRows,
                           GLOBAL double *RESTRICT partials DYNAMIC_LOCAL_PARAM(REAL, smem)) {
    DYNAMIC_LOCAL_DECL(REAL, smem);
    LOCAL double red[2 * GMM_THREADS];
    int tid = LOCAL_ID();
    int ks = tile_resp_stride(k);
    LOCAL_PTR REAL *X = smem;
    LOCAL_PTR REAL *A = smem + tileRows * tile_row_stride(d);
    int slotLength = k * epc + 2;
    GLOBAL double *slot = partials + (gmm_long) GROUP_ID() * slotLength;
    int tiles = (int) (((gmm_long) n + tileRows - 1) / tileRows);
    /* this thread's rows' share of L and W, in double across tiles */
    double lsum = 0.0;
    double wsum = 0.0;
    int first = 1;
    for (int t = GROUP_ID(); t < tiles; t += NUM_GROUPS()) {
        gmm_long row0 = (gmm_long) t * tileRows;
        int rows = (int) (n - row0 < tileRows ? n - row0 : tileRows);
        load_tile(x, row0, rows, d, X);
        BARRIER();
        log_densities(X, rows, d, k, ctype, means, prec, lognorm, A);
        BARRIER();
        if (tid < rows) {
            REAL wt = weighted ? w[row0 + tid] : LIT(1.0);
            REAL l = responsibilities(A + tid * ks, 1, k, wt);
            lsum += (double) wt * (double) l;
            wsum += (double) wt;
        }
        BARRIER();
        add_tile_sums(X, A, rows, d, k, means, groups, gpc, epc, slot, first);
        first = 0;
        BARRIER();
    }
    store_block_sums(lsum, wsum, red, slot + k * epc, 1);
}

/*
 * The statistics pass for full and tied covariances with d <= DM, DM a constant of each kernel
 * below (4, 8, 16, 32), so that loops unroll and a thread's values stay in registers. The generic
 * kernel above reads shared memory for every multiply-add; these read it about once per four.
 *
 * The host pads to DM: means is K x DM, and prec holds per component (one for tied) P as DM x DM
 * rows, P[i][j] at i DM + j, both zero beyond d and P zero below its diagonal, so padded columns
 * add nothing and rows of P load four entries at a time. A tile is GMM_LANES * RPT rows of
 * XS = DM + 1 columns rounded up to whole blocks of four: x' = (1, x, 0...).
 *   log densities: thread t takes rows t % GMM_LANES + GMM_LANES q (q < RPT) and components
 *     t / GMM_LANES + 4 c', y = P^T (x - mu) in registers, each P entry loaded once for RPT
 *     rows. The whole DM x DM factor is multiplied, zeros below the diagonal included: skipping
 *     them needs the row loop unrolled too, and then the registers spill;
 *   moments: a task is one 4 x 4 block (bi <= bj) of one component's triangle over x', summed
 *     over the tile's rows in registers: 3 shared loads per 16 multiply-adds.
 * Sums, slots, first tile and block order are as in gmm_statistics.
 */
#define GMM_LANES (GMM_THREADS / 4)

#if defined(GMM_DOUBLE) && GMM_DOUBLE
#define GMM_RPT(DM) ((DM) <= 16 ? 2 : 1)
#else
#define GMM_RPT(DM) ((DM) <= 16 ? 4 : 2)
#endif

DEVICE void tiled_statistics(const int DM, const int RPT, GLOBAL const REAL *RESTRICT x, GLOBAL const REAL *RESTRICT w,
                             int weighted, int n, int d, int k, int tied,
                             GLOBAL const REAL *RESTRICT means, GLOBAL const REAL *RESTRICT prec,
                             GLOBAL const REAL *RESTRICT lognorm, int epc, GLOBAL double *RESTRICT partials,
                             LOCAL_PTR REAL *smem, LOCAL_PTR double *red) {
    const int XS = (DM + 4) / 4 * 4;
    const int TILE = GMM_LANES * RPT;
    int tid = LOCAL_ID();
    int ks = tile_resp_stride(k);
    LOCAL_PTR REAL *X = smem;
    LOCAL_PTR REAL *A = smem + TILE * XS;
    GLOBAL double *slot = partials + (gmm_long) GROUP_ID() * (k * epc + 2);
    int tiles = (int) (((gmm_long) n + TILE - 1) / TILE);
    int nb = (d + 4) / 4;
    int pairs = nb * (nb + 1) / 2;
    int lane = tid % GMM_LANES;
    double lsum = 0.0;
    double wsum = 0.0;
    int first = 1;
    for (int t = GROUP_ID(); t < tiles; t += NUM_GROUPS()) {
        gmm_long row0 = (gmm_long) t * TILE;
        int rows = (int) (n - row0 < TILE ? n - row0 : TILE);
        for (int e = tid; e < TILE * XS; e += GMM_THREADS) {
            int r = e / XS;
            int col = e - r * XS;
            REAL v = col == 0 ? LIT(1.0) : LIT(0.0);
            if (col >= 1 && col <= d && r < rows) {
                v = x[(row0 + r) * d + col - 1];
            }
            X[e] = v;
        }
        BARRIER();
#pragma unroll 1
        for (int c = tid / GMM_LANES; c < k; c += 4) {
            GLOBAL const REAL *mu = means + (gmm_long) c * DM;
            GLOBAL const REAL *P = prec + (tied ? 0 : (gmm_long) c * DM * DM);
            /* y = P^T (x - mu), a row i of P at a time: z_i is used as soon as it is made */
            REAL y[4][32];
#pragma unroll
            for (int q = 0; q < RPT; q++) {
#pragma unroll
                for (int j = 0; j < DM; j++) {
                    y[q][j] = LIT(0.0);
                }
            }
#pragma unroll 1
            for (int b = 0; b < XS / 4; b++) {
                REAL xv[4][4];
#pragma unroll
                for (int q = 0; q < RPT; q++) {
                    load4_local(X + (lane + q * GMM_LANES) * XS + 4 * b, xv[q]);
                }
#pragma unroll
                for (int u = 0; u < 4; u++) {
                    /* column 4b + u of x' is x_i; P is zero below its diagonal and beyond d */
                    int i = 4 * b + u - 1;
                    if (i >= 0 && i < DM) {
                        REAL mi = mu[i];
                        REAL zq[4];
#pragma unroll
                        for (int q = 0; q < RPT; q++) {
                            zq[q] = xv[q][u] - mi;
                        }
#pragma unroll
                        for (int jb = 0; jb < DM; jb += 4) {
                            REAL pv[4];
                            load4_global(P + i * DM + jb, pv);
#pragma unroll
                            for (int v = 0; v < 4; v++) {
#pragma unroll
                                for (int q = 0; q < RPT; q++) {
                                    y[q][jb + v] += zq[q] * pv[v];
                                }
                            }
                        }
                    }
                }
            }
            REAL ln = lognorm[c];
#pragma unroll
            for (int q = 0; q < RPT; q++) {
                REAL m = LIT(0.0);
#pragma unroll
                for (int j = 0; j < DM; j++) {
                    m += y[q][j] * y[q][j];
                }
                A[(lane + q * GMM_LANES) * ks + c] = ln - LIT(0.5) * m;
            }
        }
        BARRIER();
        if (tid < rows) {
            REAL wt = weighted ? w[row0 + tid] : LIT(1.0);
            REAL l = responsibilities(A + tid * ks, 1, k, wt);
            lsum += (double) wt * (double) l;
            wsum += (double) wt;
        }
        BARRIER();
        for (int task = tid; task < k * pairs; task += GMM_THREADS) {
            int c = task / pairs;
            int bi = 0;
            int bj = task - c * pairs;
            while (bj >= nb - bi) {
                bj -= nb - bi;
                bi++;
            }
            bj += bi;
            GLOBAL const REAL *mu = means + (gmm_long) c * DM;
            REAL ci[4];
            REAL cj[4];
#pragma unroll
            for (int q = 0; q < 4; q++) {
                /* c' = (0, mu, 0...) */
                int ii = 4 * bi + q;
                int jj = 4 * bj + q;
                ci[q] = ii >= 1 && ii <= d ? mu[ii - 1] : LIT(0.0);
                cj[q] = jj >= 1 && jj <= d ? mu[jj - 1] : LIT(0.0);
            }
            REAL acc[4][4];
#pragma unroll
            for (int p = 0; p < 4; p++) {
#pragma unroll
                for (int q = 0; q < 4; q++) {
                    acc[p][q] = LIT(0.0);
                }
            }
            for (int r = 0; r < rows; r++) {
                LOCAL_PTR const REAL *xi = X + r * XS + 4 * bi;
                LOCAL_PTR const REAL *xj = X + r * XS + 4 * bj;
                REAL a = A[r * ks + c];
                REAL ti[4];
                REAL tj[4];
#pragma unroll
                for (int q = 0; q < 4; q++) {
                    ti[q] = a * (xi[q] - ci[q]);
                    tj[q] = xj[q] - cj[q];
                }
#pragma unroll
                for (int p = 0; p < 4; p++) {
#pragma unroll
                    for (int q = 0; q < 4; q++) {
                        acc[p][q] += ti[p] * tj[q];
                    }
                }
            }
            GLOBAL double *dst = slot + (gmm_long) c * epc;
#pragma unroll
            for (int p = 0; p < 4; p++) {
#pragma unroll
                for (int q = 0; q < 4; q++) {
                    int i = 4 * bi + p;
                    int j = 4 * bj + q;
                    if (i <= j && j <= d) {
                        int o = i * (d + 1) - i * (i - 1) / 2 + (j - i);
                        dst[o] = first ? (double) acc[p][q] : dst[o] + (double) acc[p][q];
                    }
                }
            }
        }
        first = 0;
        BARRIER();
    }
    store_block_sums(lsum, wsum, red, slot + k * epc, 1);
}

#define GMM_TILED_KERNEL(DM)                                                                                        \
    KERNEL_BOUNDED(2) void gmm_statistics_d##DM(GLOBAL const REAL *RESTRICT x, GLOBAL const REAL *RESTRICT w, int weighted,    \
                                     int n, int d, int k, int tied,                                                 \
                                     GLOBAL const REAL *RESTRICT means, GLOBAL const REAL *RESTRICT prec,           \
                                     GLOBAL const REAL *RESTRICT lognorm, int epc,                                  \
                                     GLOBAL double *RESTRICT partials DYNAMIC_LOCAL_PARAM(REAL, smem)) {            \
        DYNAMIC_LOCAL_DECL(REAL, smem);                                                                             \
        LOCAL double red[2 * GMM_THREADS];                                                                          \
        tiled_statistics(DM, GMM_RPT(DM), x, w, weighted, n, d, k, tied, means, prec, lognorm, epc, partials,      \
                         smem, red);                                                                                \
    }

GMM_TILED_KERNEL(4)
GMM_TILED_KERNEL(8)
GMM_TILED_KERNEL(16)
GMM_TILED_KERNEL(32)

/*
 * The statistics pass for full and tied covariances as two batched GEMMs (cuBLAS on a GPU; see
 * GemmPass) with these kernels between them. A tile of T rows is laid out for all K components at
 * once as one column-major matrix of K T rows, leading dimension K T: component c holds rows
 * [cT, cT + T), so both GEMMs batch with one stride.
 *   gmm_gemm_center            Z' = (1, x - mu_c); rows past the data are zero
 *   GEMM                       Y_c = Z_c P_c, batched over c (stride T)
 *   gmm_gemm_responsibilities  log p_ic from ||row i of Y_c||^2, then a_ic = w_i r_ic into A
 *                              (one value per row of Z'), and the block's L and W
 *   gmm_gemm_scale             a Z' into Y's place
 *   GEMM                       G_b = (a Z')_b^T Z'_b, batched over the K T / S sub-tiles of S rows
 *   gmm_gemm_gather            each component's upper triangle of G, summed over its T / S
 *                              sub-tiles in order, in double, onto the pass's sums
 * The second GEMM sums S rows in REAL, as the fused kernels sum a tile; beyond that all is double.
 */

/* Z' for the tile of `rows` rows from row0, T = tileRows rows per component. */
KERNEL void gmm_gemm_center(GLOBAL const REAL *RESTRICT x, int row0, int rows, int tileRows, int d, int k,
                            GLOBAL const REAL *RESTRICT means, GLOBAL REAL *RESTRICT z) {
    gmm_long ld = (gmm_long) k * tileRows;
    gmm_long total = ld * (d + 1);
    for (gmm_long e = GLOBAL_ID(); e < total; e += (gmm_long) NUM_GROUPS() * GMM_THREADS) {
        int j = (int) (e / ld);
        int r = (int) (e - j * ld);
        int c = r / tileRows;
        int i = r - c * tileRows;
        REAL v = LIT(0.0);
        if (i < rows) {
            v = j == 0 ? LIT(1.0) : x[((gmm_long) row0 + i) * d + j - 1] - means[(gmm_long) c * d + j - 1];
        }
        z[e] = v;
    }
}

/*
 * A thread per row of the tile: log p_ic = logNorm_c - 0.5 ||Y_c row i||^2 into a[cT + i], then
 * responsibilities in place. Block b's L and W go to lw[2b], lw[2b + 1], added over the tiles.
 */
KERNEL void gmm_gemm_responsibilities(GLOBAL const REAL *RESTRICT y, int row0, int rows, int tileRows, int d,
                                      int k, GLOBAL const REAL *RESTRICT lognorm, GLOBAL const REAL *RESTRICT w,
                                      int weighted, GLOBAL REAL *RESTRICT a, GLOBAL double *RESTRICT lw,
                                      int first) {
    LOCAL double red[2 * GMM_THREADS];
    int i = GROUP_ID() * GMM_THREADS + LOCAL_ID();
    gmm_long ld = (gmm_long) k * tileRows;
    double lsum = 0.0;
    double wsum = 0.0;
    if (i < tileRows) {
        for (int c = 0; c < k; c++) {
            REAL m = LIT(0.0);
            GLOBAL const REAL *yc = y + (gmm_long) c * tileRows + i;
            for (int j = 0; j < d; j++) {
                REAL t = yc[j * ld];
                m += t * t;
            }
            a[(gmm_long) c * tileRows + i] = lognorm[c] - LIT(0.5) * m;
        }
        if (i < rows) {
            REAL wt = weighted ? w[row0 + i] : LIT(1.0);
            REAL l = responsibilities_global(a + i, tileRows, k, wt);
            lsum = (double) wt * (double) l;
            wsum = (double) wt;
        } else {
            for (int c = 0; c < k; c++) {
                a[(gmm_long) c * tileRows + i] = LIT(0.0);
            }
        }
    }
    store_block_sums(lsum, wsum, red, lw + 2 * GROUP_ID(), first);
}

/* out = a Z': each row of Z' times its a. */
KERNEL void gmm_gemm_scale(GLOBAL const REAL *RESTRICT z, GLOBAL const REAL *RESTRICT a, int tileRows, int d,
                           int k, GLOBAL REAL *RESTRICT out) {
    gmm_long ld = (gmm_long) k * tileRows;
    gmm_long total = ld * (d + 1);
    for (gmm_long e = GLOBAL_ID(); e < total; e += (gmm_long) NUM_GROUPS() * GMM_THREADS) {
        out[e] = a[e % ld] * z[e];
    }
}

/*
 * A thread per entry (i <= j) of a component's triangle: G_b(i, j) over the component's
 * `subTiles` sub-tiles b, in order, added onto sums[c epc + entry].
 */
KERNEL void gmm_gemm_gather(GLOBAL const REAL *RESTRICT g, int d, int k, int subTiles, int epc,
                            GLOBAL double *RESTRICT sums, int first) {
    int e = GLOBAL_ID();
    int n = d + 1;
    if (e < k * n * n) {
        int c = e / (n * n);
        int j = (e - c * n * n) / n;
        int i = e - c * n * n - j * n;
        if (i <= j) {
            double s = 0.0;
            for (int b = 0; b < subTiles; b++) {
                s += (double) g[((gmm_long) c * subTiles + b) * n * n + e - c * n * n];
            }
            GLOBAL double *dst = sums + (gmm_long) c * epc + i * n - i * (i - 1) / 2 + (j - i);
            *dst = first ? s : *dst + s;
        }
    }
}

/* Adds the blocks' slots entry by entry, in block order, in double: one thread per entry. */
KERNEL void gmm_reduce(GLOBAL const double *RESTRICT partials, int blocks, int slotLength,
                       GLOBAL double *RESTRICT out) {
    int e = GLOBAL_ID();
    if (e < slotLength) {
        double s = 0.0;
        for (int b = 0; b < blocks; b++) {
            s += partials[(gmm_long) b * slotLength + e];
        }
        out[e] = s;
    }
}

/* Per row: l_i, the most probable component and, when asked, r_ik (n x K) for predict and score. */
KERNEL void gmm_score(GLOBAL const REAL *RESTRICT x, int n, int d, int k, int ctype,
                      GLOBAL const REAL *RESTRICT means, GLOBAL const REAL *RESTRICT prec,
                      GLOBAL const REAL *RESTRICT lognorm, int tileRows,
                      GLOBAL REAL *RESTRICT logl, GLOBAL int *RESTRICT labels,
                      GLOBAL REAL *RESTRICT resp, int withResp DYNAMIC_LOCAL_PARAM(REAL, smem)) {
    DYNAMIC_LOCAL_DECL(REAL, smem);
    int tid = LOCAL_ID();
    int ks = tile_resp_stride(k);
    LOCAL_PTR REAL *X = smem;
    LOCAL_PTR REAL *A = smem + tileRows * tile_row_stride(d);
    int tiles = (int) (((gmm_long) n + tileRows - 1) / tileRows);
    for (int t = GROUP_ID(); t < tiles; t += NUM_GROUPS()) {
        gmm_long row0 = (gmm_long) t * tileRows;
        int rows = (int) (n - row0 < tileRows ? n - row0 : tileRows);
        load_tile(x, row0, rows, d, X);
        BARRIER();
        log_densities(X, rows, d, k, ctype, means, prec, lognorm, A);
        BARRIER();
        if (tid < rows) {
            gmm_long row = row0 + tid;
            LOCAL_PTR const REAL *a = A + tid * ks;
            REAL mx = NEG_INF;
            int best = 0;
            for (int c = 0; c < k; c++) {
                if (a[c] > mx) {
                    mx = a[c];
                    best = c;
                }
            }
            if (mx == NEG_INF) {
                logl[row] = mx;
                labels[row] = 0;
                if (withResp) {
                    for (int c = 0; c < k; c++) {
                        resp[row * k + c] = LIT(0.0);
                    }
                }
            } else {
                REAL s = LIT(0.0);
                for (int c = 0; c < k; c++) {
                    s += R_EXP(a[c] - mx);
                }
                logl[row] = mx + R_LOG(s);
                labels[row] = best;
                if (withResp) {
                    for (int c = 0; c < k; c++) {
                        resp[row * k + c] = R_EXP(a[c] - mx) / s;
                    }
                }
            }
        }
        BARRIER();
    }
}
