export const metadata = {
  title: 'Weather board',
  description: 'Today in three cities',
};

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
