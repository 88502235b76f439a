export interface Book {
  title: string;
  author: string;
  pages: number;
  read: boolean;
}

export const books: Book[] = [
  { title: 'The Left Hand of Darkness', author: 'Ursula K. Le Guin', pages: 304, read: true },
  { title: 'Piranesi', author: 'Susanna Clarke', pages: 272, read: false },
  { title: 'Kindred', author: 'Octavia E. Butler', pages: 264, read: false },
];

// pagesLeft is how many pages of the list are still to read.
export function pagesLeft(list: Book[] = books): number {
  return list.filter((b) => !b.read).reduce((sum, b) => sum + b.pages, 0);
}
