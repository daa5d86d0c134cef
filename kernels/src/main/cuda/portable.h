/*
 * The few words in which CUDA C and OpenCL C differ, so that one kernel source (gmm.cu) builds
 * under nvcc, NVRTC and any OpenCL compiler (the CLBlast technique). The OpenCL build is what CI
 * runs, on PoCL, against the CPU reference: it is the test of this header and of the kernels'
 * arithmetic on machines without an NVIDIA GPU.
 *
 * Define GMM_DOUBLE=1 for double precision; the default is float. Kernels say REAL for the
 * element type and LIT(0.5) for a constant, which is 0.5f in float: no double literal slips
 * into float arithmetic.
 */
#ifndef GMM_PORTABLE_H
#define GMM_PORTABLE_H

#if defined(__CUDACC__) || defined(__CUDACC_RTC__)

#define KERNEL extern "C" __global__
/* a kernel the compiler must fit in registers for min_blocks resident blocks of GMM_THREADS */
#define KERNEL_BOUNDED(min_blocks) extern "C" __global__ __launch_bounds__(GMM_THREADS, min_blocks)
#define DEVICE static __device__ __forceinline__
#define GLOBAL
#define LOCAL __shared__
#define LOCAL_PTR
#define RESTRICT __restrict__
#define BARRIER() __syncthreads()
#define LOCAL_ID() ((int) threadIdx.x)
#define GROUP_ID() ((int) blockIdx.x)
#define NUM_GROUPS() ((int) gridDim.x)
#define GLOBAL_ID() ((int) (blockIdx.x * blockDim.x + threadIdx.x))
/* Shared memory sized at launch: a trailing kernel parameter in OpenCL, extern __shared__ in CUDA. */
#define DYNAMIC_LOCAL_PARAM(type, name)
#define DYNAMIC_LOCAL_DECL(type, name) extern __shared__ type name[]
typedef long long gmm_long;
#define NEG_INF_F (-__int_as_float(0x7f800000))
#define NEG_INF_D (-__longlong_as_double(0x7ff0000000000000LL))

#else /* OpenCL C 1.2 */

#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#define KERNEL __kernel
#define KERNEL_BOUNDED(min_blocks) __kernel
#define DEVICE static inline
#define GLOBAL __global
#define LOCAL __local
#define LOCAL_PTR __local
#define RESTRICT restrict
#define BARRIER() barrier(CLK_LOCAL_MEM_FENCE)
#define LOCAL_ID() ((int) get_local_id(0))
#define GROUP_ID() ((int) get_group_id(0))
#define NUM_GROUPS() ((int) get_num_groups(0))
#define GLOBAL_ID() ((int) get_global_id(0))
#define DYNAMIC_LOCAL_PARAM(type, name) , __local type *name
#define DYNAMIC_LOCAL_DECL(type, name)
typedef long gmm_long;
#define NEG_INF_F (-INFINITY)
#define NEG_INF_D ((double) -INFINITY)

#endif

#if defined(GMM_DOUBLE) && GMM_DOUBLE
typedef double REAL;
#define LIT(x) x
#define NEG_INF NEG_INF_D
#define R_EXP exp
#define R_LOG log
#else
typedef float REAL;
#define LIT(x) x##f
#define NEG_INF NEG_INF_F
#if defined(__CUDACC__) || defined(__CUDACC_RTC__)
#define R_EXP expf
#define R_LOG logf
#else
#define R_EXP exp
#define R_LOG log
#endif
#endif

/*
 * Four consecutive values from an address aligned to four of them, in one load where the device
 * has one (16 bytes in float, two of 16 in double).
 */
#if defined(__CUDACC__) || defined(__CUDACC_RTC__)
#if defined(GMM_DOUBLE) && GMM_DOUBLE
#define GMM_LOAD4(space, name)                                                \
    DEVICE void name(space const REAL *p, REAL out[4]) {                     \
        double2 a = ((const double2 *) p)[0];                                 \
        double2 b = ((const double2 *) p)[1];                                 \
        out[0] = a.x; out[1] = a.y; out[2] = b.x; out[3] = b.y;               \
    }
#else
#define GMM_LOAD4(space, name)                                                \
    DEVICE void name(space const REAL *p, REAL out[4]) {                     \
        float4 a = *(const float4 *) p;                                       \
        out[0] = a.x; out[1] = a.y; out[2] = a.z; out[3] = a.w;               \
    }
#endif
#else
#define GMM_LOAD4(space, name)                                                \
    DEVICE void name(space const REAL *p, REAL out[4]) {                     \
        out[0] = p[0]; out[1] = p[1]; out[2] = p[2]; out[3] = p[3];           \
    }
#endif
GMM_LOAD4(GLOBAL, load4_global)
GMM_LOAD4(LOCAL_PTR, load4_local)

/* Threads per block (work-group); the host launches exactly this many. */
#ifndef GMM_THREADS
#define GMM_THREADS 256
#endif

#endif
