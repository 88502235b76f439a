export { HarbourClock } from './harbour-clock';
