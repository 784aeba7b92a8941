/** The recorded resources do not describe a lab-able VPN or interconnect; says exactly what is missing. */
export class LabTranslationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LabTranslationError";
  }
}
