global using FitnessAssistant.ServiceDefaults;
global using FitnessAssistant.VectorIndex;
