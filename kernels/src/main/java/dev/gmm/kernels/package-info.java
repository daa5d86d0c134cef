/** Device backends (Aparapi OpenCL and JCuda + cuBLAS), found by the engine through ServiceLoader. */
package dev.gmm.kernels;
