using FitnessAssistant.ModelPreparation;

return PrepareModelCommand.Run(args);
