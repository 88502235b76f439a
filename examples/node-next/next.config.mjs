/** @type {import('next').NextConfig} */
const nextConfig = {
  // a self-contained server in .next/standalone, for container images
  output: 'standalone',
};

export default nextConfig;
