// The shop's front end: marks the page as enhanced
import { greeting } from '../greeting'

document.documentElement.dataset.greeting = greeting('shop')
